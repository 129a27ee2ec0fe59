using System.Collections.Concurrent;
using ProjectTracker.Tests.Access;

namespace ProjectTracker.Tests.BadInput;

/// <summary>
/// The committed bad-input corpus (<c>corpus.json</c>) against every operation of
/// <c>/openapi/v1.json</c>, on real records: every case is a 4xx application/problem+json naming
/// its field, never a 5xx; each status seen is in the document for its operation; nothing is
/// logged above information; and after the whole corpus no event, stream or document was added
/// or removed.
/// </summary>
public class BadInputCorpusTests(AccessMatrixZone zone) : IClassFixture<AccessMatrixZone>
{
    [Fact]
    public async Task every_bad_input_to_every_operation_is_a_4xx_problem_naming_its_field_and_changes_nothing()
    {
        var doc = await ApiDocument.LoadAsync(zone);
        var corpus = Corpus.Load();
        var run = new CorpusRun(zone);
        var before = await run.RowsAsync();
        var mark = zone.Logs.Mark;
        var wrong = new ConcurrentBag<string>();
        var sent = 0;

        foreach (var op in doc.Operations.OrderBy(o => o.Path).ThenBy(o => o.Method))
        {
            var token = run.TokenFor(op);
            var headers = await run.HeadersFor(doc, op);
            var cases = corpus.For(doc, op, p => run.Fill(op, p), run.Sample(doc, op), op.JsonBodyName, headers).ToList();
            Interlocked.Add(ref sent, cases.Count);
            // One operation's cases at once: they are all refused before any decision, so they cannot interfere.
            await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (c, _) =>
            {
                var answer = await run.SendAsync(c, token);
                var problem = CorpusRun.Judge(c, answer);
                if (problem is not null) wrong.Add($"{op.Key} | {c.Name} | {answer.Status} ({problem}) | {answer.Excerpt}");
                else if (!op.Documented.Contains(answer.Status.ToString())) wrong.Add($"{op.Key} | {c.Name} | {answer.Status} is not in the document");
            });
        }

        // A refusal is the caller's mistake: logged at information, never as a warning or an error.
        // (The test server, unlike Kestrel, has no body-size feature for [RequestSizeLimit]; BodyLimits counts instead.)
        foreach (var entry in zone.Logs.Since(mark).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning
                     && !e.Text.Contains("does not support the IHttpMaxRequestBodySizeFeature")).Take(20))
            wrong.Add($"logged at {entry.Level}: {entry.Category}: {entry.Text[..Math.Min(entry.Text.Length, 300)]}");
        var changed = CorpusRun.Differences(before, await run.RowsAsync());
        Assert.True(wrong.IsEmpty && changed.Length == 0,
            $"{wrong.Count} of {sent} bad calls were answered wrongly" + (changed.Length > 0 ? $"; rows changed: {changed}" : "") + ":\n"
            + string.Join("\n", wrong.Order()));
        Assert.True(sent > 1000, $"Only {sent} cases were sent: the document or the corpus lost its operations.");
    }
}
