using ProjectTracker.Access;
using ProjectTracker.Benchmarks.Seeding;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Supervision.Scorecards;
using ProjectTracker.Demo;
using System.Diagnostics;
using System.Net.Http.Headers;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Confirming;
using ProjectTracker.Requests.Dispatching;
using ProjectTracker.Requests.Filing;
using ProjectTracker.Requests.Ending;
using ProjectTracker.Requests.Reopening;
using ProjectTracker.Requests.Working;

namespace ProjectTracker.Benchmarks;

public sealed record TenYearsResult(int Requests, SeedOutcome? Seed, Dictionary<string, long> Outcomes,
    long DatabaseBytes, Dictionary<string, Throughput> Reads, Dictionary<string, double> FirstReads, Rebuilt? Rebuild);

/// <summary>`rebuild-scorecards`'s work over the whole zone: outcomes written, how long.</summary>
public sealed record Rebuilt(int Outcomes, TimeSpan Took);

/// <summary>
/// A zone's ten years: N requests (1,000,000 in a full run) spread over ten years, each with a
/// history made by the service's own pure decisions (Seeding/TenYearsHistory), written by binary
/// COPY into Marten's tables as the API's commands would have left them (Seeding/RequestsInBulk:
/// events stamped with their own instants, every snapshot version through the history trigger,
/// the scorecards' outcomes; RequestsInBulkTests checks them against Marten's reads). The
/// database is kept between runs (<c>&lt;name&gt;_bench_tenyears_bulk</c>; the old
/// <c>_bench_tenyears</c>, seeded through Marten sessions with seeding-time timestamps, is not
/// reused); one holding fewer requests than asked is dropped and seeded again whole. Then the scorecards' outcomes are rebuilt
/// from the events over the whole zone (`rebuild-scorecards`, timed; --no-rebuild skips it), and
/// each read runs at 8 concurrent readers, one at a time.
/// No escalations are seeded: the sweep raises those of the open requests past due when the
/// service starts on the database.
/// </summary>
public static class TenYearsPhase
{
    public static async Task<TenYearsResult> RunAsync(string server, BenchOptions o)
    {
        // A smoke run seeds a few requests into a database of its own, dropped after.
        var cs = o.Smoke ? await Databases.CreateAsync(server, "tenyears") : await Databases.KeptAsync(server, "tenyears_bulk");
        // A zone seeded short (a smaller --requests, a run cut short) is seeded again whole: its
        // requests were spread over ten years counted from another day, at another density.
        if (await ScalarAsync(cs, "select count(*) from projecttracker.mt_doc_request") is > 0 and var short_ && short_ < o.TenYearRequests)
        {
            Console.WriteLine($"  the kept database holds {short_:N0} requests: dropped, seeded again");
            cs = await Databases.KeptAsync(server, "tenyears_bulk", dropFirst: true);
        }
        await using var host = new BenchHost(cs, settings: new Dictionary<string, string>
        {
            // Ten years of dues fall outside the shipped calendars: each would warn (DeadlinePolicy).
            ["Logging:LogLevel:ProjectTracker.Deadlines.DeadlinePolicy"] = "Error",
        });
        host.UseKestrel(0);
        host.StartServer();
        var users = await DemoZone.SeedAsync(host.Services);
        var have = await ScalarAsync(cs, "select count(*) from projecttracker.mt_doc_request");
        SeedOutcome? seed = null;
        if (have < o.TenYearRequests)
        {
            Console.WriteLine($"  seeding {o.TenYearRequests:N0} requests by COPY");
            var today = DateTimeOffset.UtcNow;
            seed = await TenYearsSeed.RunAsync(host.Services, users, cs, 0, o.TenYearRequests, today.AddYears(-10), today.AddDays(-1), today,
                Math.Max(2, Environment.ProcessorCount), Console.WriteLine);
            Console.WriteLine($"  seeded {seed.Requests:N0} requests, {seed.Events:N0} events in {seed.Took.TotalSeconds:F0} s: " +
                $"{seed.RequestsPerSecond:N0} requests/s, {seed.EventsPerSecond:N0} events/s; this process's CPU {seed.ProcessCpu.TotalSeconds:F0} s");
            await ExecuteAsync(cs, $"select setval('projecttracker.request_numbers', {o.TenYearRequests + 1})");
            await ExecuteAsync(cs, "vacuum analyze");   // the planner's statistics and the visibility map, as after a day's autovacuum
        }
        Rebuilt? rebuilt = null;
        if (o.Rebuild)
        {
            var took = Stopwatch.StartNew();
            var count = await RebuildScorecardsCommand.RebuildAsync(host.Services.GetRequiredService<IDocumentStore>(),
                host.Services.GetRequiredService<ZoneCalendars>(), CancellationToken.None);
            rebuilt = new Rebuilt(count, took.Elapsed);
            Console.WriteLine($"  rebuild-scorecards: {count:N0} outcomes in {took.Elapsed.TotalSeconds:F1} s ({count / took.Elapsed.TotalSeconds:N0}/s)");
            await ExecuteAsync(cs, "vacuum analyze projecttracker.mt_doc_requestoutcome");
        }
        var outcomes = new Dictionary<string, long>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select data->>'Status', count(*) from projecttracker.mt_doc_request group by 1 order by 1", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            // Marten stores enums as their numbers.
            while (await reader.ReadAsync())
                outcomes[int.TryParse(reader.GetString(0), out var status) ? ((RequestStatus)status).ToString() : reader.GetString(0)] = reader.GetInt64(1);
        }
        var bytes = await ScalarAsync(cs, "select pg_database_size(current_database())");
        var (reads, first) = await ReadAsync(host, users, cs, o);
        return new TenYearsResult(o.TenYearRequests, seed, outcomes, bytes, reads, first, rebuilt);
    }

    /// <summary>Each read alone at 8 concurrent readers, as the people who make it.</summary>
    private static async Task<(Dictionary<string, Throughput>, Dictionary<string, double>)> ReadAsync(BenchHost host, IReadOnlyList<DemoZone.DemoUser> users, string cs, BenchOptions o)
    {
        var auth = new AuthOptions { SigningKey = BenchHost.SigningKey };
        string Token(DemoZone.DemoUser u) => Identity.MintDevelopmentToken(auth, u.Id, [u.Role], DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
        var supervisor = Token(users.First(u => u.Role == Roles.Supervisor));
        var desk = Token(users.Last(u => u.Role == Roles.Dispatcher));
        var staff = Token(users.First(u => u.Role == Roles.Staff));
        var enterprise = DemoZone.Enterprise(1);
        var ids = new List<Guid>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            // A 1 % sample of the pages spreads the reads over the zone; it can be empty for a small one (the smoke run's
            // thousand requests), so the first hundred rows are always added.
            await using var cmd = new NpgsqlCommand("select id from projecttracker.mt_doc_request tablesample system (1) " +
                "union select id from (select id from projecttracker.mt_doc_request limit 100) first limit 2000", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }
        if (ids.Count == 0) ids.Add(Guid.Empty);
        // The last whole month in the zone, and the twelve whole months before today's.
        var zoneToday = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeadlineOptions>>().Value.ZoneUtcOffset).DateTime);
        var thisMonth = new DateOnly(zoneToday.Year, zoneToday.Month, 1);
        var month = thisMonth.AddMonths(-1).ToString("yyyy-MM");
        var year = (From: thisMonth.AddMonths(-12).ToString("yyyy-MM-dd"), To: thisMonth.AddDays(-1).ToString("yyyy-MM-dd"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = host.ClientOptions.BaseAddress };
        var reads = new (string Name, string Token, Func<int, string> Path)[]
        {
            ("request detail", supervisor, i => $"/api/requests/{ids[i % ids.Count]}"),
            ("timeline", supervisor, i => $"/api/requests/{ids[i % ids.Count]}/timeline"),
            ("search: status", supervisor, _ => "/api/requests?status=Dispatched"),
            ("search: category + enterprise", supervisor, _ => $"/api/requests?category=Funding&enterpriseId={enterprise}"),
            ("search: overdue", supervisor, _ => "/api/requests?overdue=true"),
            ("search: text", supervisor, _ => "/api/requests?q=bridging"),
            ("dispatch queue", desk, _ => "/api/queues/dispatch"),
            ("task queue", staff, _ => "/api/queues/tasks"),
            ("supervisor queue", supervisor, _ => "/api/escalations"),
            ($"scorecards: departments, {month}", supervisor, _ => $"/api/scorecards?unit=department&period={month}"),
            ($"scorecards: departments, {year.From}..{year.To}", supervisor, _ => $"/api/scorecards?unit=department&from={year.From}&to={year.To}"),
            ($"scorecards: zone, {month}", supervisor, _ => $"/api/scorecards?unit=zone&period={month}"),
            ($"ranking, {month}", supervisor, _ => $"/api/rankings?period={month}"),
            ($"ranking, {year.From}..{year.To}", supervisor, _ => $"/api/rankings?from={year.From}&to={year.To}"),
        };
        var results = new Dictionary<string, Throughput>();
        var first = new Dictionary<string, double>();
        foreach (var (name, token, path) in reads)
        {
            var reader = new Get(http, token, path);
            // The first read alone: a scorecard's figures computed, not yet kept (Scorecards/ScorecardCache).
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await reader.OnceAsync(0);
            first[name] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await Load.RoundAsync(reader, o.Clients, TimeSpan.FromSeconds(o.Smoke ? 0.5 : 2));   // warm-up
            results[name] = Throughput.Of([await Load.RoundAsync(reader, o.Clients, TimeSpan.FromSeconds(o.Smoke ? 1 : 10))]);
            Console.WriteLine($"  {name,-30} {results[name]}, first read {first[name]:F1} ms");
        }
        return (results, first);
    }

    private sealed class Get(HttpClient http, string token, Func<int, string> path) : IWorkload
    {
        private int _n;
        public string Name => "read";
        public Task PrepareAsync(int clients) => Task.CompletedTask;

        public async Task OnceAsync(int client)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, path(Interlocked.Increment(ref _n)));
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(get);
            if ((int)response.StatusCode != 200)
                throw new InvalidOperationException($"{get.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await response.Content.ReadAsByteArrayAsync();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
