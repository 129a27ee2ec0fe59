using Marten;

using ProjectTracker.Requests;
using ProjectTracker.Requests.Overdue;

namespace ProjectTracker.Deadlines.Sweeping;

/// <summary>Mark the clocks and tasks of one lane's requests that have reached their at-risk share.</summary>
public sealed record MarkAtRisk(int Lane = 0, int Lanes = 1, int BatchSize = MarkAtRisk.DefaultBatchSize)
{
    public const int DefaultBatchSize = 1_000;
}

/// <summary>
/// The warning before the breach, through the same sweeper as the breaches: requests whose
/// pending at-risk instant (an indexed column, <see cref="Request.PendingRisk"/>) has come get a
/// ClockAtRisk or TaskAtRisk event, which clears it, so each clock and task is marked once per
/// cycle without a cursor. Appended with the version read: a request changed meanwhile fails the
/// batch, which Wolverine retries on fresh state. Marks are events on the request, never escalations.
/// </summary>
public static class MarkAtRiskHandler
{
    private const long RiskLock = 0x5054_5253_0000;

    public static async Task<SweepOutcome> Handle(MarkAtRisk cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, RiskLock + cmd.Lanes * 256 + cmd.Lane);
        var now = clock.GetUtcNow();
        var inLane = cmd.Lanes == 1 ? "" : $" and get_byte(uuid_send(d.id), 15) % {cmd.Lanes} = {cmd.Lane}";
        var due = await session.QueryAsync<Request>(
            $"where d.{Columns.PendingRisk} <= ?{inLane} order by d.{Columns.PendingRisk}, d.id limit {cmd.BatchSize}", ct, now);
        var marked = 0;
        foreach (var request in due)
        {
            var events = Decide(request, now);
            if (events.Count == 0) continue;
            session.Events.Append(request.Id, request.Version + events.Count, [.. events]);
            marked += events.Count;
        }
        var next = await session.QueryAsync<DateTimeOffset>(
            $"select d.{Columns.PendingRisk} from {session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName} d " +
            $"where d.{Columns.PendingRisk} > ?{inLane} order by d.{Columns.PendingRisk} limit 1", ct, now);
        return new SweepOutcome(marked, due.Count == cmd.BatchSize, next.Count > 0 ? next[0] : null);
    }

    /// <summary>Pure: what of an open request has reached its at-risk instant and is not yet marked.</summary>
    public static IReadOnlyList<object> Decide(Request request, DateTimeOffset now)
    {
        if (!request.IsOpen) return [];
        var events = new List<object>();
        if (request.Dispatch.PendingRisk <= now) events.Add(new ClockAtRisk(DeadlineKind.Dispatch, request.Cycle, request.Dispatch.Due, now));
        if (request.Resolution.PendingRisk <= now) events.Add(new ClockAtRisk(DeadlineKind.Resolution, request.Cycle, request.Resolution.Due, now));
        if (request.Resolution.PausedAt is null)
            events.AddRange(request.Tasks.Where(t => t.IsActive && t.MarkedAtRiskAt is null && t.AtRiskAt <= now).Select(t => new TaskAtRisk(t.Id, t.Due, now)));
        return events;
    }
}
