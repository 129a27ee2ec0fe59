using Marten;
using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

/// <summary>
/// Escalate every request deadline that has fallen due since the last sweep, in one of
/// <paramref name="Lanes"/> disjoint shares of the requests (by id): lanes sweep side by side.
/// </summary>
public sealed record SweepDeadlines(int Lane = 0, int Lanes = 1, int BatchSize = SweepDeadlines.DefaultBatchSize)
{
    public const int DefaultBatchSize = 10_000;
}

/// <param name="More">A batch was full: sweep again at once.</param>
/// <param name="NextDue">The earliest pending due time not yet swept, to sleep until.</param>
public sealed record SweepOutcome(int Raised, bool More, DateTimeOffset? NextDue);

/// <summary>
/// Deadlines are the requests' pending due times, indexed columns written with the events that
/// set them: nothing is scheduled per request, and a restart loses nothing. A sweep takes what has
/// fallen due past its lane's cursor in due order, raises the escalations in one transaction (three
/// COPYs for the whole batch: ten thousand deadlines can fall due at one instant) and moves the
/// cursor with them, so each deadline escalates once. Each lane has its own cursor stream and lock;
/// a change in the number of lanes starts fresh cursors, and the escalations already raised are
/// skipped. The breach itself is not appended to the request: it is derived (Request.ObservedAt).
/// </summary>
public static class SweepDeadlinesHandler
{
    // Sweepers on several nodes take turns per lane; the second then finds the first one's cursor.
    private const long SweepLock = 0x5054_5357_0000;

    public static async Task<SweepOutcome> Handle(SweepDeadlines cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (cmd.Lanes < 1 || cmd.Lane < 0 || cmd.Lane >= cmd.Lanes || cmd.Lanes > 256)
            throw new ArgumentOutOfRangeException(nameof(cmd), $"Lane {cmd.Lane} of {cmd.Lanes}: lanes are 1 to 256.");
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, SweepLock + cmd.Lanes * 256 + cmd.Lane);
        // The (due, id) index gives the batch its order. Planning on a table just filled (stale
        // statistics: "one row") chose a bitmap scan and a sort of the documents spilling to disk, 10x slower.
        await session.QueryAsync<string>("select set_config('enable_sort', 'off', true)", ct);
        var now = clock.GetUtcNow();
        var stream = await session.Events.FetchForWriting<DeadlineSweep>(DeadlineSweep.StreamFor(cmd.Lane, cmd.Lanes), ct);
        var sweep = stream.Aggregate ?? new DeadlineSweep();
        // The id's last byte is random for both version-7 and hashed (idempotent filing) ids.
        var inLane = cmd.Lanes == 1 ? "" : $" and get_byte(uuid_send(d.id), 15) % {cmd.Lanes} = {cmd.Lane}";

        var raised = 0;
        var more = false;
        foreach (var kind in (DeadlineKind[])[DeadlineKind.Dispatch, DeadlineKind.Resolution])
        {
            var cursor = sweep.CursorFor(kind);
            var due = await session.QueryAsync<Request>(
                $"where d.{Column(kind)} >= ? and (d.{Column(kind)}, d.id) > (?, ?) and d.{Column(kind)} <= ?{inLane} order by d.{Column(kind)}, d.id limit {cmd.BatchSize}",
                ct, cursor.Due, cursor.Due, cursor.RequestId, now);
            if (due.Count == 0) continue;

            var escalations = await EscalationsInBulk.RaiseAsync(session,
                due.Select(r => Decide(kind, r, now)).OfType<EscalationRaised>().ToList(), ct);
            raised += escalations.Count;
            var last = due[^1];
            stream.AppendOne(new DeadlinesSwept(kind, new SweepCursor(PendingDue(kind, last)!.Value, last.Id),
                escalations.Select(e => e.EscalationId).ToArray(), now));
            more |= due.Count == cmd.BatchSize;
        }

        var next = await session.QueryAsync<DateTimeOffset>(
            $"select n.due from (select least((select min(d.{Column(DeadlineKind.Dispatch)}) from {RequestTable(session)} d where d.{Column(DeadlineKind.Dispatch)} > ?), " +
            $"(select min(d.{Column(DeadlineKind.Resolution)}) from {RequestTable(session)} d where d.{Column(DeadlineKind.Resolution)} > ?)) as due) n where n.due is not null",
            ct, Max(sweep.Dispatch.Due, now), Max(sweep.Resolution.Due, now));
        return new SweepOutcome(raised, more, next.Count > 0 ? next[0] : null);
    }
    private static EscalationRaised? Decide(DeadlineKind kind, Request request, DateTimeOffset now) =>
        kind == DeadlineKind.Dispatch ? DispatchDeadlineRule.Decide(request, now) : ResolutionDeadlineRule.Decide(request, now);

    private static DateTimeOffset? PendingDue(DeadlineKind kind, Request r) =>
        kind == DeadlineKind.Dispatch ? r.PendingDispatchDue : r.PendingResolutionDue;

    /// <summary>The duplicated columns of Request.PendingDispatchDue and PendingResolutionDue (DomainModel).</summary>
    private static string Column(DeadlineKind kind) => kind == DeadlineKind.Dispatch ? "pending_dispatch_due" : "pending_resolution_due";

    private static string RequestTable(IDocumentSession session) =>
        session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
