using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Access;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.BadInput;

/// <summary>
/// The API document against the running service, per operation: a body field is required in
/// the document exactly when the endpoint refuses its absence; each refusal the document lists
/// (401, 403, 404, 400, 413, 415) is one the operation can be made to give, and every answer
/// seen here is listed; one success code each, the one the reads answer. (The access matrix and
/// the bad-input corpus check the same of every answer they see.)
/// </summary>
public class ApiDocumentTruthTests(AccessMatrixZone zone) : IClassFixture<AccessMatrixZone>
{
    [Fact]
    public async Task a_body_field_is_required_in_the_document_exactly_when_the_endpoint_refuses_its_absence()
    {
        var doc = await ApiDocument.LoadAsync(zone);
        var run = new CorpusRun(zone);
        var wrong = new List<string>();
        foreach (var op in doc.Operations.Where(o => o.JsonBody is not null))
        {
            var body = op.JsonBody!.Value;
            var token = run.TokenFor(op);
            var headers = await run.HeadersFor(doc, op);
            // An endpoint that reads its body itself (it takes CSV too) validates in its own way, which
            // the document cannot see: there the document may require less than the endpoint, never more.
            var selfRead = op.BodyTypes.Count > 1;

            var refused = await RefusedAsync(run, op, "{}", token, headers, "");
            Compare(op.Key, doc.Required(body), refused, selfRead, wrong);
            foreach (var (name, schema) in doc.Properties(body))
            {
                var kind = doc.Kind(schema);
                if (kind == FieldKind.Array && doc.Kind(doc.Items(schema)) == FieldKind.Object)
                    Compare($"{op.Key} {name}[]", doc.Required(doc.Items(schema)),
                        await RefusedAsync(run, op, $"{{\"{name}\":[{{}}]}}", token, headers, $"{name}[0]."), selfRead, wrong);
                else if (kind == FieldKind.Object)
                    Compare($"{op.Key} {name}", doc.Required(schema), await RefusedAsync(run, op, $"{{\"{name}\":{{}}}}", token, headers, $"{name}."), selfRead, wrong);
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Found by this test: the document had marked every field of every input required.
        var filing = doc.Operations.Single(o => o.Key == "POST /api/requests");
        Assert.DoesNotContain("projectId", doc.Required(filing.JsonBody!.Value));
        Assert.DoesNotContain("attachments", doc.Required(filing.JsonBody!.Value));
        Assert.Contains("title", doc.Required(filing.JsonBody!.Value));
    }

    [Fact]
    public async Task each_refusal_the_document_lists_can_happen_and_each_answer_seen_is_listed()
    {
        var doc = await ApiDocument.LoadAsync(zone);
        var run = new CorpusRun(zone);
        var before = await run.RowsAsync();
        // A real user whose token names a role they do not hold: signed in, with no roles.
        var roleless = zone.TokenFor(zone.EconomicStaff, Roles.Contact);
        var wrong = new List<string>();
        foreach (var op in doc.Operations)
        {
            var sample = run.Sample(doc, op);
            var body = sample is null ? null : Encoding.UTF8.GetBytes(sample.ToJsonString());
            var type = sample is null ? null : "application/json";
            var headers = await run.HeadersFor(doc, op);
            var url = Fill(op, n => run.Fill(op, n));
            var seen = new Dictionary<int, string>();
            async Task See(string probe, string sendUrl, string? token, byte[]? sendBody = null, string? sendType = null)
            {
                var answer = await Send(run, op, sendUrl, sendBody ?? body, sendBody is null ? type : sendType, headers, token);
                seen.TryAdd(answer.Status, probe);
                if (!op.Documented.Contains(answer.Status.ToString())) wrong.Add($"{op.Key}: {probe} answered {answer.Status}, not in the document");
            }

            await See("anonymous", url, null);
            await See("signed in with no role", url, roleless);
            await See("a NUL in a query value", url + "?probe=a%00b", run.TokenFor(op));
            if (op.Documented.Contains("404") || op.In("path").Any(p => doc.Kind(p.Schema) == FieldKind.Uuid))
                await See("a record that does not exist", Fill(op, n => Unknown(doc, op, n) ?? run.Fill(op, n)), run.TokenFor(op));
            if (op.BodyTypes.Count > 0)
            {
                await See("a body of another type", url, run.TokenFor(op), "<x/>"u8.ToArray(), "application/xml");
                await See("a body over the limit", url, run.TokenFor(op), new byte[run.BodyLimitFor(op) + 1], op.BodyTypes[0]);
            }
            if (op.Method == "GET") await See("an allowed caller", url, run.TokenFor(op));

            foreach (var status in op.Documented.Where(s => s is "400" or "401" or "403" or "404" or "413" or "415"))
                if (!seen.ContainsKey(int.Parse(status))) wrong.Add($"{op.Key}: the document lists {status}, which no probe could provoke");
            var successes = op.Documented.Where(s => s.StartsWith('2')).ToArray();
            if (successes.Length != 1) wrong.Add($"{op.Key}: lists {string.Join(", ", successes)} as success; one is the truth");
            else if (op.Method == "GET" && !seen.ContainsKey(int.Parse(successes[0]))) wrong.Add($"{op.Key}: lists {successes[0]}, the read answered otherwise");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal("", CorpusRun.Differences(before, await run.RowsAsync()));
    }

    /// <summary>A well-formed value naming nothing: a fresh id, a year and a date with no calendar; null to keep the real one.</summary>
    private static string? Unknown(ApiDocument doc, ApiOperation op, string parameter) =>
        op.In("path").Single(p => p.Name == parameter) is var p && doc.Kind(p.Schema) == FieldKind.Uuid ? Guid.NewGuid().ToString()
        : parameter == "year" ? "2099"
        : parameter == "date" ? "2099-06-01"
        : null;

    private static void Compare(string where, IReadOnlySet<string> documented, IReadOnlySet<string> refused, bool selfRead, List<string> wrong)
    {
        foreach (var field in documented.Except(refused)) wrong.Add($"{where}: the document requires {field}, the endpoint takes a body without it");
        if (!selfRead)
            foreach (var field in refused.Except(documented)) wrong.Add($"{where}: the endpoint refuses a body without {field}, the document says it is optional");
    }

    /// <summary>The fields (under <paramref name="prefix"/>) the 400 for <paramref name="json"/> names as missing.</summary>
    private static async Task<IReadOnlySet<string>> RefusedAsync(CorpusRun run, ApiOperation op, string json, string token,
        IReadOnlyDictionary<string, string> headers, string prefix)
    {
        var answer = await Send(run, op, Fill(op, n => run.Fill(op, n)), Encoding.UTF8.GetBytes(json), "application/json", headers, token);
        if (answer.Status != 400) return new HashSet<string>();
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        return problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
                .Select(n => n[prefix.Length..]).Where(n => !n.Contains('.') && !n.Contains('[')).ToHashSet()
            : new HashSet<string>();
    }

    private static Task<Answer> Send(CorpusRun run, ApiOperation op, string url, byte[]? body, string? contentType,
        IReadOnlyDictionary<string, string> headers, string? token) =>
        run.SendAsync(new BadCase("probe", op.Method, url, body, contentType, headers, null, "", false), token);

    private static string Fill(ApiOperation op, Func<string, string> fill) =>
        System.Text.RegularExpressions.Regex.Replace(op.Path, @"\{(\w+)\}", m => fill(m.Groups[1].Value));
}
