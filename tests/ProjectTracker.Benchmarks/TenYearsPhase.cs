using ProjectTracker.Access;
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
using ProjectTracker.Requests.Rejecting;
using ProjectTracker.Requests.Reopening;
using ProjectTracker.Requests.Withdrawing;
using ProjectTracker.Requests.Working;

namespace ProjectTracker.Benchmarks;

public sealed record TenYearsResult(int Requests, bool Seeded, TimeSpan SeedTook, int Refused, Dictionary<string, long> Outcomes,
    long DatabaseBytes, Dictionary<string, Throughput> Reads);

/// <summary>
/// A zone's ten years: N requests (1,000,000 in a full run) spread over ten years, each with a
/// history made by the service's own pure decisions (filed, dispatched to one or two
/// departments, accepted, sometimes transferred, resolved, answered, then confirmed with a rating,
/// closed unconfirmed, or reopened and answered again; some withdrawn or rejected; the last days'
/// still open, some past due), folded in memory and written through Marten in batches (its inline
/// projections make the snapshots and outcomes, as the API's commands would), four writers side
/// by side. The database is kept between runs (<c>&lt;name&gt;_bench_tenyears</c>) and seeded only
/// when it holds fewer requests. Then each read at 8 concurrent readers, one at a time.
/// Not like the API: event timestamps (mt_events) are the seeding time, not the events' own At;
/// no escalations are seeded (the sweep raises those of the open requests past due when the
/// service starts on the database).
/// </summary>
public static class TenYearsPhase
{
    public static async Task<TenYearsResult> RunAsync(string server, BenchOptions o)
    {
        // A smoke run seeds a few requests into a database of its own, dropped after.
        var cs = o.Smoke ? await Databases.CreateAsync(server, "tenyears") : await Databases.KeptAsync(server, "tenyears");
        await using var host = new BenchHost(cs, settings: new Dictionary<string, string>
        {
            // Ten years of dues fall outside the shipped calendars: each would warn (DeadlinePolicy).
            ["Logging:LogLevel:ProjectTracker.Deadlines.DeadlinePolicy"] = "Error",
        });
        host.UseKestrel(0);
        host.StartServer();
        var users = await DemoZone.SeedAsync(host.Services);
        var have = await ScalarAsync(cs, "select count(*) from projecttracker.mt_doc_request");
        var seeding = Stopwatch.StartNew();
        var refused = 0;
        if (have < o.TenYearRequests)
        {
            Console.WriteLine($"  seeding {o.TenYearRequests - have:N0} requests (have {have:N0})");
            refused = await SeedAsync(host, users, (int)have, o.TenYearRequests);
            await ExecuteAsync(cs, $"select setval('projecttracker.request_numbers', {o.TenYearRequests + 1}); analyze;");
        }
        seeding.Stop();
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
        var reads = await ReadAsync(host, users, cs, o);
        return new TenYearsResult(o.TenYearRequests, have < o.TenYearRequests, seeding.Elapsed, refused, outcomes, bytes, reads);
    }

    private static async Task<int> SeedAsync(BenchHost host, IReadOnlyList<DemoZone.DemoUser> users, int from, int to)
    {
        var policy = host.Services.GetRequiredService<DeadlinePolicy>();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var directory = host.Services.GetRequiredService<FilingDirectory>();
        var contacts = users.Where(u => u.Role == Roles.Contact).ToArray();
        var parties = new List<(Caller Contact, FilingParty Party)>();
        await using (var session = store.QuerySession())
            foreach (var c in contacts)
            {
                var party = await directory.ForContactAsync(session, c.Id, default);
                parties.Add((new Caller(c.Id, new HashSet<string> { Roles.Contact }, party.Enterprise!.Id, null, new HashSet<Guid>(), new HashSet<Guid>()), party));
            }
        var dispatchers = users.Where(u => u.Role == Roles.Dispatcher).Select(u => Staff(u.Id, Roles.Dispatcher, DemoZone.Department(1))).ToArray();
        var staff = Enumerable.Range(1, 4).Select(d => Staff(users.First(u => u.Role == Roles.Staff && u.Note == DepartmentName(users, d)).Id, Roles.Staff, DemoZone.Department(d))).ToArray();
        var start = DateTimeOffset.UtcNow.AddYears(-10);
        var span = DateTimeOffset.UtcNow.AddDays(-1) - start;
        var refused = 0;
        const int Batch = 500;
        var next = from - Batch;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Add(ref next, Batch) is var first && first < to)
            {
                await using var session = store.LightweightSession();
                for (var i = first; i < Math.Min(first + Batch, to); i++)
                {
                    var (events, ok) = History(i, start + span * (i / (double)to), parties, dispatchers, staff, policy);
                    if (!ok) Interlocked.Increment(ref refused);
                    session.Events.StartStream<Request>(((RequestFiled)events[0]).RequestId, [.. events]);
                }
                await session.SaveChangesAsync();
                if (first / Batch % 200 == 0) Console.WriteLine($"  {first + Batch:N0} seeded");
            }
        }));
        return refused;
    }

    private static string DepartmentName(IReadOnlyList<DemoZone.DemoUser> users, int d) =>
        users.Where(u => u.Role == Roles.Staff).Select(u => u.Note).Distinct().ElementAt(d - 1);

    private static Caller Staff(Guid id, string role, Guid department) =>
        new(id, new HashSet<string> { role }, null, department, new HashSet<Guid>(), new HashSet<Guid>());

    /// <summary>One request's events, each decided by the service's own decision on the state so far; false when one was refused (the history stops there).</summary>
    private static (List<object> Events, bool Ok) History(int n, DateTimeOffset filedAt, List<(Caller Contact, FilingParty Party)> parties,
        Caller[] dispatchers, Caller[] staff, DeadlinePolicy policy)
    {
        var rnd = new Random(n);
        var (contact, party) = parties[n % parties.Count];
        var filed = FileRequestHandler.Decide(new FileRequest(Guid.CreateVersion7(filedAt), contact.UserId,
                new FileRequestInput((Category)(n % 9), $"Request {n}: working capital for raw materials",
                    "Our enterprise needs a bridging loan before the spring orders ship; the bank asks for a letter from the zone.", null, null)),
            party.Contact, party.Enterprise, null, party.Routing, filedAt, policy) with { Number = RequestNumbers.Format(n + 1, filedAt) };
        var events = new List<object> { filed };
        var request = Request.Create(filed);
        request.Version = 1;
        var now = filedAt;
        var recent = DateTimeOffset.UtcNow - filedAt < TimeSpan.FromDays(5);
        bool Step(Func<IEnumerable<object>> decide)
        {
            foreach (var e in decide()) { events.Add(e); ((dynamic)request).Apply((dynamic)e); request.Version++; }
            return true;
        }
        try
        {
            var roll = rnd.NextDouble();
            if (roll < 0.02) { now += TimeSpan.FromHours(3); Step(() => WithdrawRequestHandler.Decide(new WithdrawRequest(request.Id, "Solved by ourselves.", contact), request, now)); return (events, true); }
            var dispatcher = request.SecretaryId is { } s ? dispatchers.First(d => d.UserId == s) : dispatchers.Last();
            now += TimeSpan.FromHours(0.5 + rnd.NextDouble() * (roll < 0.1 ? 40 : 18));   // a tenth dispatched late
            if (recent && rnd.NextDouble() < 0.3) return (events, true);                  // still waiting for dispatch
            if (roll < 0.03) { Step(() => RejectRequestHandler.Decide(new RejectRequest(request.Id, "Not within the zone's remit.", dispatcher), request, now)); return (events, true); }
            var departments = rnd.NextDouble() < 0.3 ? new[] { rnd.Next(4), (rnd.Next(3) + 1 + rnd.Next(4)) % 4 }.Distinct().ToArray() : [rnd.Next(4)];
            Step(() => DispatchRequestHandler.Decide(new DispatchRequest(request.Id,
                departments.Select(d => new DispatchTaskInput(AssigneeKind.Department, staff[d].DepartmentId, "Please look into this and reply to the enterprise.", null)).ToArray(),
                dispatcher), request, now, policy, [.. departments.Select(_ => Guid.CreateVersion7(now))]));
            for (var cycle = 0; cycle < 2; cycle++)
            {
                foreach (var task in request.Tasks.Where(t => t.IsActive).ToList())
                {
                    var holder = staff.First(x => x.DepartmentId == task.AssigneeId);
                    now += TimeSpan.FromHours(1 + rnd.NextDouble() * 6);
                    if (task.State == TaskState.Open) Step(() => AcceptTaskHandler.Decide(new AcceptTask(request.Id, task.Id, holder), request, now));
                    if (rnd.NextDouble() < 0.1)
                    {
                        var other = staff[(Array.IndexOf(staff, holder) + 1 + rnd.Next(3)) % 4];
                        if (request.Tasks.All(t => !t.IsActive || t.AssigneeId != other.DepartmentId))
                        {
                            Step(() => TransferTaskHandler.Decide(new TransferTask(request.Id, task.Id, AssigneeKind.Department, other.DepartmentId!.Value, "Their remit.", holder), request, now));
                            holder = other;
                        }
                    }
                    if (recent && rnd.NextDouble() < 0.5) return (events, true);                   // still being worked on
                    now += TimeSpan.FromHours(2 + rnd.NextDouble() * (rnd.NextDouble() < 0.15 ? 120 : 40));  // some late
                    Step(() => ResolveTaskHandler.Decide(new ResolveTask(request.Id, task.Id, "The bank has the zone's letter; loan approved.", holder), request, now, policy).Item1);
                }
                now += TimeSpan.FromHours(5 + rnd.NextDouble() * 48);
                var after = rnd.NextDouble();
                if (cycle == 0 && after < 0.05)
                {
                    Step(() => ReopenRequestHandler.Decide(new ReopenRequest(request.Id, "The letter named the wrong bank.", contact), request, now, policy));
                    continue;
                }
                if (after < 0.8) Step(() => ConfirmAnswerHandler.Decide(new ConfirmAnswer(request.Id, 1 + rnd.Next(5), null, contact), request, now));
                else { now = policy.AutoCloseAt(now); Step(() => [new RequestAutoClosed(now)]); }
                break;
            }
            return (events, true);
        }
        catch (Refusal)
        {
            return (events, false);
        }
    }

    /// <summary>Each read alone at 8 concurrent readers, as the people who make it.</summary>
    private static async Task<Dictionary<string, Throughput>> ReadAsync(BenchHost host, IReadOnlyList<DemoZone.DemoUser> users, string cs, BenchOptions o)
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
            await using var cmd = new NpgsqlCommand("select id from projecttracker.mt_doc_request tablesample system (1) limit 2000", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }
        if (ids.Count == 0) ids.Add(Guid.Empty);
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
        };
        var results = new Dictionary<string, Throughput>();
        foreach (var (name, token, path) in reads)
        {
            var reader = new Get(http, token, path);
            await Load.RoundAsync(reader, o.Clients, TimeSpan.FromSeconds(o.Smoke ? 0.5 : 2));   // warm-up
            results[name] = Throughput.Of([await Load.RoundAsync(reader, o.Clients, TimeSpan.FromSeconds(o.Smoke ? 1 : 10))]);
            Console.WriteLine($"  {name,-30} {results[name]}");
        }
        return results;
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
