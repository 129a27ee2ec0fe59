using ProjectTracker.Access;
using ProjectTracker.Demo;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Benchmarks;

public sealed record MixedResult(Throughput Filing, Dictionary<string, Throughput> Reads, int DispatchSeconds, int ResolutionSeconds,
    int Requests, int Escalations, int Doubled, double[] LatenessMs, long RssAfterStartMb, long RssPeakMb, List<string> Failures)
{
    public double Lateness(double q) => Throughput.Percentile(LatenessMs, q);
}

/// <summary>
/// Filing at N clients over HTTP while deadlines fall due all along and supervisors and the
/// dispatch desk read their queues: the service as it runs on a busy day, compressed. Clocks are
/// short (calendar seconds, by configuration, as deploy/nodes.sh does), so every request filed
/// falls due twice during the run (dispatch, then resolution: nobody dispatches or answers).
/// Lateness is exact: a benchmark-only trigger NOTIFYs each escalation's due time, and
/// PostgreSQL delivers a notification when its transaction commits, so lateness = when the
/// listener heard it − due (the trigger's cost is part of the sweep's here).
/// </summary>
public static class MixedPhase
{
    public static async Task<MixedResult> RunAsync(string server, BenchOptions o)
    {
        var (dispatch, resolution) = o.Smoke ? (3, 5) : (6, 12);
        var cs = await Databases.CreateAsync(server, "mixed");
        await using var host = new BenchHost(cs, settings: new Dictionary<string, string>
        {
            ["Deadlines:Dispatch:Unit"] = "CalendarHours", ["Deadlines:Dispatch:Length"] = (dispatch / 3600.0).ToString(CultureInfo.InvariantCulture),
            ["Deadlines:Resolution:Unit"] = "CalendarHours", ["Deadlines:Resolution:Length"] = (resolution / 3600.0).ToString(CultureInfo.InvariantCulture),
        });
        host.UseKestrel(0);
        host.StartServer();
        var users = await DemoZone.SeedAsync(host.Services);
        var auth = new AuthOptions { SigningKey = BenchHost.SigningKey };
        string Token(DemoZone.DemoUser u) => Identity.MintDevelopmentToken(auth, u.Id, [u.Role], DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
        var contacts = users.Where(u => u.Role == Roles.Contact).Select(Token).ToArray();
        var supervisor = Token(users.First(u => u.Role == Roles.Supervisor));
        var desk = Token(users.Last(u => u.Role == Roles.Dispatcher));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients * 2 }) { BaseAddress = host.ClientOptions.BaseAddress };

        await ExecuteAsync(cs, """
            create function projecttracker.bench_escalated() returns trigger language plpgsql as $$
            begin perform pg_notify('bench_escalated', new.id || ' ' || (new.data->>'DueAt')); return new; end $$;
            create trigger bench_escalated after insert on projecttracker.mt_doc_escalation for each row
                when (new.data->>'RequestId' is not null) execute function projecttracker.bench_escalated();
            """);
        var heard = new ConcurrentDictionary<Guid, double>();   // escalation → lateness (ms)
        using var stopListening = new CancellationTokenSource();
        var listening = ListenAsync(cs, heard, stopListening.Token);

        // Warm-up (JIT, pools), then the measured run.
        var rssAfterStart = Rss();
        await Load.RoundAsync(new Filer(http, contacts), o.Clients, o.WarmUp);
        var rssPeak = rssAfterStart;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () => { while (!sampling.IsCancellationRequested) { rssPeak = Math.Max(rssPeak, Rss()); await Task.Delay(200); } });
        var duration = TimeSpan.FromSeconds(o.MixedSeconds);
        var readers = new[] { ("supervisor queue", new Reader(http, "/api/escalations", supervisor)), ("dispatch queue", new Reader(http, "/api/queues/dispatch", desk)) };
        var reading = readers.Select(r => Load.RoundAsync(r.Item2, 1, duration)).ToArray();
        var filing = await Load.RoundAsync(new Filer(http, contacts), o.Clients, duration);
        var reads = (await Task.WhenAll(reading)).Select((round, i) => (readers[i].Item1, Throughput.Of([round]))).ToDictionary(x => x.Item1, x => x.Item2);

        // Every request filed falls due twice: wait for the last resolution deadline, then count.
        var requests = (int)await ScalarAsync(cs, "select count(*) from projecttracker.mt_doc_request");
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(resolution + 60);
        while (heard.Count < requests * 2 && DateTimeOffset.UtcNow < giveUp) await Task.Delay(200);
        sampling.Cancel();
        await sampler;
        await Task.Delay(500);
        stopListening.Cancel();
        await listening;
        // Request escalations name their request (the demo zone's milestone ones do not).
        var escalations = (int)await ScalarAsync(cs, "select count(*) from projecttracker.mt_doc_escalation where data->>'RequestId' is not null");
        var doubled = (int)await ScalarAsync(cs, """
            select count(*) from (select 1 from projecttracker.mt_doc_escalation where data->>'RequestId' is not null
            group by data->>'RequestId', data->>'Kind' having count(*) > 1) d
            """);
        var failures = new List<string>();
        if (escalations != requests * 2) failures.Add($"mixed: {requests:N0} requests each due twice, {escalations:N0} escalations");
        if (doubled > 0) failures.Add($"mixed: {doubled} deadlines escalated more than once");
        return new MixedResult(Throughput.Of([filing]), reads, dispatch, resolution, requests, escalations, doubled,
            [.. heard.Values], rssAfterStart, rssPeak, failures);
    }

    public static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1024 / 1024;
    }

    private static async Task ListenAsync(string cs, ConcurrentDictionary<Guid, double> heard, CancellationToken stop)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Pooling = false, KeepAlive = 5 }.ConnectionString);
        await conn.OpenAsync();
        conn.Notification += (_, n) =>
        {
            var parts = n.Payload.Split(' ', 2);
            heard.TryAdd(Guid.Parse(parts[0]), (DateTimeOffset.UtcNow - DateTimeOffset.Parse(parts[1], CultureInfo.InvariantCulture)).TotalMilliseconds);
        };
        await using (var listen = new NpgsqlCommand("listen bench_escalated", conn)) await listen.ExecuteNonQueryAsync();
        try { while (true) await conn.WaitAsync(stop); }
        catch (OperationCanceledException) { }
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private sealed class Filer(HttpClient http, string[] tokens) : IWorkload
    {
        public string Name => "filing";
        public Task PrepareAsync(int clients) => Task.CompletedTask;

        public async Task OnceAsync(int client)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = FilingHost.Content() };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[client % tokens.Length]);
            using var response = await http.SendAsync(post);
            if ((int)response.StatusCode != 201)
                throw new InvalidOperationException($"Filing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A person refreshing a queue: one read (timed), a short pause (100 ms), again.</summary>
    private sealed class Reader(HttpClient http, string path, string token) : ISelfTimedWorkload
    {
        public string Name => path;
        public Task PrepareAsync(int clients) => Task.CompletedTask;
        public Task OnceAsync(int client) => throw new NotSupportedException();

        public async Task<Round> RoundAsync(int clients, TimeSpan duration)
        {
            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, path);
                get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using (var response = await http.SendAsync(get))
                {
                    if ((int)response.StatusCode != 200)
                        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    await response.Content.ReadAsByteArrayAsync();
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Task.Delay(100);
            }
            return new Round(latencies.Count, clock.Elapsed, [.. latencies]);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
