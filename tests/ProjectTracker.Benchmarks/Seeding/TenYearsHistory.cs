using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Demo;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Confirming;
using ProjectTracker.Requests.Dispatching;
using ProjectTracker.Requests.Ending;
using ProjectTracker.Requests.Filing;
using ProjectTracker.Requests.Reopening;
using ProjectTracker.Requests.Working;

namespace ProjectTracker.Benchmarks.Seeding;

/// <summary>One command's events, stamped with its instant, as the service's clock stamps a command's events.</summary>
public sealed record SeededCommand(DateTimeOffset At, IReadOnlyList<object> Events);

/// <summary>A request's history, command by command; <paramref name="Refused"/> when a decision refused a step (the history stops there).</summary>
public sealed record SeededRequest(Guid Id, IReadOnlyList<SeededCommand> Commands, bool Refused)
{
    public int EventCount => Commands.Sum(c => c.Events.Count);
}

/// <summary>
/// Histories of requests in the demo zone, each made by the service's own pure decisions on the
/// state so far: filed, dispatched to one or two departments (a tenth late), accepted, sometimes
/// transferred, resolved (some late), answered, then confirmed with a rating, closed unconfirmed,
/// or reopened and answered again; some withdrawn or rejected. Nothing happens after
/// <c>today</c>: the last days' requests are still open, some waiting for dispatch, some past due.
/// </summary>
public sealed class TenYearsHistory(List<(Caller Contact, FilingParty Party)> parties, Caller[] dispatchers, Caller[] staff, DeadlinePolicy policy)
{
    /// <summary>The zone's people as the decisions see them (needs DemoZone seeded on the host).</summary>
    public static async Task<TenYearsHistory> ForAsync(IServiceProvider services, IReadOnlyList<DemoZone.DemoUser> users)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var directory = services.GetRequiredService<FilingDirectory>();
        var parties = new List<(Caller Contact, FilingParty Party)>();
        await using (var session = store.QuerySession())
            foreach (var c in users.Where(u => u.Role == Roles.Contact))
            {
                var party = await directory.ForContactAsync(session, c.Id, default);
                parties.Add((new Caller(c.Id, new HashSet<string> { Roles.Contact }, party.Enterprise!.Id, null, new HashSet<Guid>(), new HashSet<Guid>()), party));
            }
        var departments = users.Where(u => u.Role == Roles.Staff).Select(u => u.Note).Distinct().ToList();
        var dispatchers = users.Where(u => u.Role == Roles.Dispatcher).Select(u => Staff(u.Id, Roles.Dispatcher, DemoZone.Department(1))).ToArray();
        var staff = Enumerable.Range(1, 4).Select(d => Staff(users.First(u => u.Role == Roles.Staff && u.Note == departments[d - 1]).Id, Roles.Staff, DemoZone.Department(d))).ToArray();
        return new TenYearsHistory(parties, dispatchers, staff, services.GetRequiredService<DeadlinePolicy>());
    }

    private static Caller Staff(Guid id, string role, Guid department) =>
        new(id, new HashSet<string> { role }, null, department, new HashSet<Guid>(), new HashSet<Guid>());

    /// <summary>The ones a history would have to go past <c>today</c> for: it stops before.</summary>
    private sealed class NotYet : Exception;

    /// <summary>Request number <paramref name="n"/> (0-based; its number is n + 1), filed at <paramref name="filedAt"/>.</summary>
    public SeededRequest Request(int n, DateTimeOffset filedAt, DateTimeOffset today)
    {
        var rnd = new Random(n);
        var (contact, party) = parties[n % parties.Count];
        var filed = FileRequestHandler.Decide(new FileRequest(Guid.CreateVersion7(filedAt), contact.UserId,
                new FileRequestInput((Category)(n % 9), $"Request {n}: working capital for raw materials",
                    "Our enterprise needs a bridging loan before the spring orders ship; the bank asks for a letter from the zone.", null, null)),
            party.Contact, party.Enterprise, null, party.Routing, filedAt, policy) with { Number = RequestNumbers.Format(n + 1, filedAt) };
        var commands = new List<SeededCommand> { new(filedAt, [filed]) };
        var request = Requests.Request.Create(filed);
        request.Version = 1;
        var now = filedAt;
        var recent = today - filedAt < TimeSpan.FromDays(5);
        void Step(Func<IEnumerable<object>> decide)
        {
            if (now > today) throw new NotYet();
            var events = decide().ToList();
            foreach (var e in events) { ((dynamic)request).Apply((dynamic)e); request.Version++; }
            if (events.Count > 0) commands.Add(new SeededCommand(now, events));
        }
        try
        {
            var roll = rnd.NextDouble();
            if (roll < 0.02) { now += TimeSpan.FromHours(3); Step(() => EndRequestHandler.Decide(new WithdrawRequest(request.Id, "Solved by ourselves.", contact), request, now)); return new(request.Id, commands, false); }
            var dispatcher = request.SecretaryId is { } s ? dispatchers.First(d => d.UserId == s) : dispatchers.Last();
            now += TimeSpan.FromHours(0.5 + rnd.NextDouble() * (roll < 0.1 ? 40 : 18));   // a tenth dispatched late
            if (recent && rnd.NextDouble() < 0.3) return new(request.Id, commands, false);   // still waiting for dispatch
            if (roll < 0.03) { Step(() => EndRequestHandler.Decide(new RejectRequest(request.Id, "Not within the zone's remit.", dispatcher), request, now)); return new(request.Id, commands, false); }
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
                    if (recent && rnd.NextDouble() < 0.5) return new(request.Id, commands, false);   // still being worked on
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
            return new(request.Id, commands, false);
        }
        catch (NotYet)
        {
            return new(request.Id, commands, false);
        }
        catch (Refusal)
        {
            return new(request.Id, commands, true);
        }
    }
}
