using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Operations;

/// <summary>
/// A node stopped with SIGTERM (systemd, Docker, Kubernetes) in the middle of filing and sweeping
/// loses nothing: the requests in flight are answered, every 201 is in the database, the sweep in
/// flight commits (no error logged, its lock released with its transaction), the process exits 0;
/// calls it refused are filed once by a second node with the same Idempotency-Key, and every
/// dispatch deadline then escalates exactly once. Production settings, the built service as a process.
/// </summary>
public class GracefulShutdownTests
{
    [Fact]
    public async Task sigterm_mid_load_answers_what_is_in_flight_and_loses_nothing()
    {
        var db = await TestDatabase.CreateAsync();
        try
        {
            var settings = ServiceProcess.Production(new NpgsqlConnectionStringBuilder(db) { ApplicationName = "pt-graceful" }.ConnectionString,
                ("Deadlines__Dispatch__Unit", "CalendarHours"), ("Deadlines__Dispatch__Length", "0.001"),   // 3.6 s: sweeps raise escalations during the load
                ("RateLimits__Burst", "1000000"), ("RateLimits__PerSecond", "1000000"));
            foreach (var command in new[] { "db-apply", "seed-demo" })
            {
                var (exit, output) = await ServiceProcess.RunAsync(settings, command);
                Assert.True(exit == 0, output);
                if (command == "seed-demo") Tokens = ContactTokens(output);
            }

            await using var first = ServiceProcess.Serve(settings);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await first.WaitReadyAsync(http, TimeSpan.FromSeconds(90));

            var answered = new ConcurrentDictionary<string, Guid>();
            var refused = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<string>();
            var sent = 0;
            using var stopFiling = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
            {
                while (!stopFiling.IsCancellationRequested)
                {
                    var key = $"graceful-{Interlocked.Increment(ref sent)}";
                    try
                    {
                        var (status, id, body) = await FileAsync(http, first.Address!, key);
                        if (status == 201) answered[key] = id;
                        else if (status is 503) refused.Add(key);   // the host stopping: the caller retries elsewhere
                        else failures.Add($"{key}: {status} {body}");
                    }
                    catch (HttpRequestException) { refused.Add(key); await Task.Delay(50); }   // not accepted: the node is going away
                }
            })).ToArray();

            // Under load for 6 s (two dispatch clocks' worth of escalations swept), then SIGTERM.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var rssUnderLoad = File.ReadLines($"/proc/{first.Pid}/status").First(l => l.StartsWith("VmRSS"));
            var answeredBeforeStop = answered.Count;
            first.Terminate();
            var exitCode = await first.WaitForExitAsync(TimeSpan.FromSeconds(45));
            await stopFiling.CancelAsync();
            await Task.WhenAll(clients);

            Assert.True(exitCode == 0, first.Output);
            Assert.Empty(failures);
            Assert.True(answeredBeforeStop > 20, $"only {answeredBeforeStop} filings before the stop");
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", first.Output);
            Assert.DoesNotContain("\"LogLevel\":\"Critical\"", first.Output);
            Assert.Equal(0, await ScalarAsync(db, "select count(*) from pg_stat_activity where application_name = 'pt-graceful'"));
            // Every 201 is there.
            Assert.Equal(answered.Count, await ScalarAsync(db, $"select count(*) from projecttracker.mt_doc_request where id = any(array[{string.Join(",", answered.Values.Select(v => $"'{v}'::uuid"))}])"));

            // A second node takes over: what the first refused is filed once (same keys), and every
            // dispatch deadline escalates exactly once.
            await using var second = ServiceProcess.Serve(settings);
            await second.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
            foreach (var key in refused)
            {
                var (status, id, body) = await FileAsync(http, second.Address!, key);
                Assert.True(status == 201, $"{key}: {status} {body}");
                answered.TryAdd(key, id);
            }
            var filed = await ScalarAsync(db, "select count(*) from projecttracker.mt_doc_request");
            Assert.Equal(answered.Values.Distinct().Count(), filed);
            for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(500))
                if (await ScalarAsync(db, "select count(distinct data->>'RequestId') from projecttracker.mt_doc_escalation") == filed) break;
            Assert.Equal(filed, await ScalarAsync(db, "select count(distinct data->>'RequestId') from projecttracker.mt_doc_escalation"));
            Assert.Equal(filed, await ScalarAsync(db, "select count(*) from projecttracker.mt_doc_escalation where data->>'RequestId' is not null"));   // (the demo zone's milestones have escalations of their own)
            Console.WriteLine($"graceful: {answeredBeforeStop} filed before SIGTERM, {answered.Count} in all, {refused.Count} refused and filed on the second node; {rssUnderLoad.Trim()} under load");
        }
        finally { await TestDatabase.DropAsync(db); }
    }

    private string[] Tokens { get; set; } = [];

    private static string[] ContactTokens(string seedOutput)
    {
        var lines = seedOutput.Split('\n');
        return [.. lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("contact ") && x.i + 1 < lines.Length).Select(x => lines[x.i + 1].Trim())];
    }

    private async Task<(int Status, Guid Id, string Body)> FileAsync(HttpClient http, Uri node, string key)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "/api/requests"))
        {
            Content = JsonContent.Create(new { category = "Funding", title = $"Filed under shutdown {key}", description = "Graceful shutdown proof." }),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[Math.Abs(key.GetHashCode()) % Tokens.Length]);
        post.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();
        var id = (int)response.StatusCode == 201 ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : Guid.Empty;
        return ((int)response.StatusCode, id, body.Length > 300 ? body[..300] : body);
    }

    private static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
