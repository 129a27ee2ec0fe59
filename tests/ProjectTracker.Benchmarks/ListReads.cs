using System.Diagnostics;
using System.Net.Http.Headers;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;

namespace ProjectTracker.Benchmarks;

/// <summary>One list read: its latency today and as of a random past instant.</summary>
public sealed record ListRead(string Name, Throughput Now, Throughput AsOf)
{
    public override string ToString() =>
        $"{Name,-42} now p50 {Now.P(0.5),6:F1} ms p95 {Now.P(0.95),6:F1} ms | asOf p50 {AsOf.P(0.5),6:F1} ms p95 {AsOf.P(0.95),6:F1} ms";
}

/// <summary>
/// The lists a supervisor contests, read over HTTP today and as of a past instant, on a zone with
/// a year of history: N requests (filed evenly over 365 days, each dispatched, accepted, resolved
/// and confirmed within days; one in 20 dispatched late and escalated through the sweep's bulk
/// raise, one in 50 paused a day; the last days' still open), 200 enterprises, 20 departments.
/// The history is appended through Marten hour by hour (each hour's events stamped with that hour
/// by the injected clock), so the read model is written by the same triggers as in production.
/// Reads run one at a time (latency, not capacity), the asOf instant drawn anew for each.
/// </summary>
public static class ListReads
{
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const int Enterprises = 200, Departments = 20;

    public static async Task<IReadOnlyList<ListRead>> RunAsync(string connectionString, BenchOptions options)
    {
        var end = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);
        var start = end - TimeSpan.FromDays(365);
        var clock = new SettableClock(start);
        // The deadlines here are history: no sweeper decides them (escalations are seeded through its bulk raise).
        await using var host = new BenchHost(connectionString, clock, settings: new Dictionary<string, string> { ["Deadlines:SweepLanes"] = "0" });
        host.UseKestrel(0);
        host.StartServer();
        var zone = await SeedAsync(host.Services.GetRequiredService<IDocumentStore>(), clock, start, end, options.AsOfRequests);
        clock.Now = end;

        using var http = new HttpClient { BaseAddress = host.ClientOptions.BaseAddress };
        var reads = new (string Name, string Url, Guid User, string Role)[]
        {
            ("supervisor: all requests, page 1", "/api/requests", zone.Supervisor, Roles.Supervisor),
            ("supervisor: requests page 20", "/api/requests?page=20", zone.Supervisor, Roles.Supervisor),
            ("supervisor: overdue requests", "/api/requests?overdue=true", zone.Supervisor, Roles.Supervisor),
            ("supervisor: dispatched requests", "/api/requests?status=Dispatched", zone.Supervisor, Roles.Supervisor),
            ("supervisor: open escalations", "/api/escalations", zone.Supervisor, Roles.Supervisor),
            ("supervisor: all escalations", "/api/escalations?includeClosed=true", zone.Supervisor, Roles.Supervisor),
            ("contact: own enterprise's requests", "/api/requests", zone.Contact, Roles.Contact),
            ("staff: department's requests", "/api/requests", zone.Staff, Roles.Staff),
            ("staff: task queue", "/api/queues/tasks", zone.Staff, Roles.Staff),
            ("dispatcher: dispatch queue", "/api/queues/dispatch?all=true", zone.Dispatcher, Roles.Dispatcher),
        };
        var random = new Random(13);
        var results = new List<ListRead>();
        foreach (var (name, url, user, role) in reads)
        {
            var token = Identity.MintDevelopmentToken(new AuthOptions { SigningKey = BenchHost.SigningKey }, user, [role], DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
            async Task<double> Timed(string target)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, target);
                get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var began = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(get);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{target} answered {(int)response.StatusCode}: {body}");
                return Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            }
            string AsOf() => url + (url.Contains('?') ? "&" : "?") + "asOf=" +
                Uri.EscapeDataString((start + TimeSpan.FromHours(random.Next(1, 365 * 24))).ToString("O"));
            for (var i = 0; i < 3; i++) { await Timed(url); await Timed(AsOf()); }   // warm-up
            var now = new List<double>();
            var asOf = new List<double>();
            var began = Stopwatch.StartNew();
            for (var i = 0; i < options.Reads; i++)
            {
                now.Add(await Timed(url));
                asOf.Add(await Timed(AsOf()));
            }
            var read = new ListRead(name, new Throughput(now.Count, began.Elapsed, [.. now]), new Throughput(asOf.Count, began.Elapsed, [.. asOf]));
            Console.WriteLine(read);
            results.Add(read);
        }
        return results;
    }

    private sealed record Zone(Guid Supervisor, Guid Dispatcher, Guid Contact, Guid Staff);

    private static async Task<Zone> SeedAsync(IDocumentStore store, SettableClock clock, DateTimeOffset start, DateTimeOffset end, int count)
    {
        var seeding = Stopwatch.StartNew();
        var admin = Guid.NewGuid();
        var enterprises = Enumerable.Range(0, Enterprises).Select(_ => Guid.NewGuid()).ToArray();
        var contacts = Enumerable.Range(0, Enterprises).Select(_ => Guid.NewGuid()).ToArray();
        var departments = Enumerable.Range(0, Departments).Select(_ => Guid.NewGuid()).ToArray();
        var staff = Enumerable.Range(0, Departments).Select(_ => Guid.NewGuid()).ToArray();
        var zone = new Zone(Guid.NewGuid(), Guid.NewGuid(), contacts[0], staff[0]);
        await using (var session = store.LightweightSession())
        {
            for (var e = 0; e < Enterprises; e++)
            {
                session.Events.StartStream<Enterprise>(enterprises[e], new EnterpriseRegistered(enterprises[e], $"Benchmark Enterprise {e}", $"BENCH{e:D13}", false, null, null, null, admin, start));
                session.Events.StartStream<Contact>(contacts[e], new ContactRegistered(contacts[e], enterprises[e], $"Contact {e}", null, admin, start));
            }
            for (var d = 0; d < Departments; d++)
            {
                session.Events.StartStream<Department>(departments[d], new DepartmentCreated(departments[d], $"Department {d}", admin, start));
                session.Events.StartStream<StaffMember>(staff[d], new StaffRegistered(staff[d], $"Staff {d}", departments[d], [Roles.Staff], null, admin, start));
            }
            session.Events.StartStream<StaffMember>(zone.Supervisor, new StaffRegistered(zone.Supervisor, "Supervisor", departments[0], [Roles.Supervisor], null, admin, start));
            session.Events.StartStream<StaffMember>(zone.Dispatcher, new StaffRegistered(zone.Dispatcher, "Dispatch desk", departments[0], [Roles.Dispatcher], null, admin, start));
            await session.SaveChangesAsync();
        }

        // Every request's life as (hour, what happens), then appended hour by hour.
        var hours = (int)(end - start).TotalHours;
        var plan = new List<(int Hour, Action<IDocumentSession, DateTimeOffset> Happens)>();
        var raise = new Dictionary<int, List<EscalationRaised>>();
        var hour = TimeSpan.FromHours(1);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            var task = Guid.CreateVersion7();
            var h = (int)((long)i * (hours - 1) / count);
            var filed = start + h * hour;
            int e = i % Enterprises, d = i % Departments;
            var late = i % 20 == 7;
            var paused = i % 50 == 3;
            var number = $"B-{i:D7}";
            plan.Add((h, (s, at) => s.Events.StartStream<Request>(id, new RequestFiled(id, number, enterprises[e], contacts[e], (Category)(i % 9),
                $"Benchmark request {i}", "Filed by the benchmark to give the lists a year of history.", null, [], null, [],
                at, at + 24 * hour, at + 72 * hour, at + 18 * hour, at + 54 * hour))));
            var dispatched = h + (late ? 30 : 2);
            if (late)
                (raise.TryGetValue(h + 24, out var due) ? due : raise[h + 24] = []).Add(new EscalationRaised(Escalation.IdFor(id, DeadlineKind.Dispatch, 0),
                    EscalationKind.DispatchOverdue, EscalationLevel.Warning, [new Responsible(ResponsibleKind.DispatchDesk, null)], id, number, enterprises[e],
                    null, null, filed + 24 * hour, filed + 24 * hour, $"Request {number} was not dispatched within the deadline."));
            plan.Add((dispatched, (s, at) => s.Events.Append(id, new TasksDispatched([new DispatchedTask(task, AssigneeKind.Department, departments[d], "Please handle.", filed + 72 * hour)], zone.Dispatcher, at))));
            plan.Add((dispatched + 1, (s, at) => s.Events.Append(id, new TaskAccepted(task, staff[d], at))));
            var resolved = dispatched + 24;
            if (paused)
            {
                plan.Add((dispatched + 3, (s, at) => s.Events.Append(id, new ClockPaused("Please send the certificate.", staff[d], at))));
                plan.Add((dispatched + 27, (s, at) => s.Events.Append(id, new ClockResumed(at - 24 * hour, 24 * hour, filed + 96 * hour,
                    [new TaskDue(task, filed + 96 * hour)], contacts[e], at))));
                resolved += 24;
            }
            plan.Add((resolved, (s, at) => s.Events.Append(id, new TaskResolved(task, "Solved.", staff[d], at), new RequestAnswered("Solved.", at))));
            plan.Add((resolved + 24, (s, at) => s.Events.Append(id, new AnswerConfirmed(5, null, contacts[e], at))));
            if (late)
            {
                var escalation = Escalation.IdFor(id, DeadlineKind.Dispatch, 0);
                plan.Add((h + 26, (s, at) => s.Events.Append(escalation, new EscalationAcknowledged(escalation, zone.Supervisor, at))));
                plan.Add((h + 48, (s, at) => s.Events.Append(escalation, new EscalationClosed(escalation, zone.Supervisor, at))));
            }
        }

        var byHour = plan.Where(p => p.Hour < hours).ToLookup(p => p.Hour);
        for (var h = 0; h < hours; h++)
        {
            if (!byHour.Contains(h) && !raise.ContainsKey(h)) continue;
            clock.Now = start + h * hour;
            await using var session = store.LightweightSession();
            if (raise.TryGetValue(h, out var escalations))
            {
                await session.BeginTransactionAsync(CancellationToken.None);
                await EscalationsInBulk.RaiseAsync(session, escalations, CancellationToken.None);
            }
            foreach (var (_, happens) in byHour[h]) happens(session, clock.Now);
            await session.SaveChangesAsync();
            if (h % (24 * 30) == 0) Console.WriteLine($"  seeded {h / 24} of {hours / 24} days ({seeding.Elapsed.TotalSeconds:F0} s)");
        }
        Console.WriteLine($"seeded {count:N0} requests over {hours / 24} days in {seeding.Elapsed.TotalSeconds:F0} s");
        return zone;
    }
}
