using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ProjectTracker.Nodes;

public sealed record Filed(int Index, int Node, DateTimeOffset At, int Attempts);

/// <summary>
/// Files the requests over HTTP at an even pace, round robin over the nodes that are up. Each has
/// its own Idempotency-Key: a call that fails (the node died under it) is sent again, same key, to
/// the next node up, so a request committed just before the kill is answered, not filed twice.
/// </summary>
public sealed class Filing(Options options, Node[] nodes, string[] contactTokens, HttpClient http)
{
    public readonly ConcurrentBag<Filed> Done = [];
    public readonly ConcurrentBag<(int Index, int Node, DateTimeOffset At, string Error)> Failures = [];
    public int GaveUp;
    public DateTimeOffset Started { get; private set; }

    public async Task RunAsync(string runId, CancellationToken ct)
    {
        Started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var spacing = options.FilingSeconds / options.Requests;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Requests)
            {
                var wait = TimeSpan.FromSeconds(i * spacing) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                await FileOneAsync(runId, i, ct);
            }
        }));
    }

    private async Task FileOneAsync(string runId, int i, CancellationToken ct)
    {
        var body = new { category = "Funding", title = $"Several nodes proof #{i}", description = "Filed by tests/ProjectTracker.Nodes; its dispatch deadline falls due during the run." };
        var token = contactTokens[i % contactTokens.Length];
        var n = i % nodes.Length;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (var attempt = 1; DateTime.UtcNow < until; attempt++)
        {
            var node = nodes[n];
            if (!node.Up) { n = (n + 1) % nodes.Length; await Task.Delay(attempt > nodes.Length ? 100 : 0, ct); continue; }
            try
            {
                using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(node.BaseAddress, "/api/requests")) { Content = JsonContent.Create(body) };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                post.Headers.Add("Idempotency-Key", $"{runId}-{i}");
                using var response = await http.SendAsync(post, ct);
                if ((int)response.StatusCode == 201) { Done.Add(new Filed(i, node.Number, DateTimeOffset.UtcNow, attempt)); return; }
                Failures.Add((i, node.Number, DateTimeOffset.UtcNow, $"{(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync(ct))}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Failures.Add((i, node.Number, DateTimeOffset.UtcNow, e.GetType().Name + ": " + Trim(e.Message)));
            }
            n = (n + 1) % nodes.Length;
            await Task.Delay(50, ct);
        }
        Interlocked.Increment(ref GaveUp);
    }

    private static string Trim(string s) => s.Length > 160 ? s[..160] : s;
}
