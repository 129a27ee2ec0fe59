using Marten;
using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

/// <summary>Escalate every request deadline that has fallen due since the last sweep.</summary>
public sealed record SweepDeadlines(int BatchSize = SweepDeadlines.DefaultBatchSize)
{
    public const int DefaultBatchSize = 5000;
}

/// <param name="More">A batch was full: sweep again at once.</param>
/// <param name="NextDue">The earliest pending due time not yet swept, to sleep until.</param>
public sealed record SweepOutcome(int Raised, bool More, DateTimeOffset? NextDue);

/// <summary>
/// Deadlines are the requests' pending due times, indexed columns written with the events that
/// set them: nothing is scheduled per request, and a restart loses nothing. A sweep takes what has
/// fallen due past its cursor in due order, raises the escalations in one transaction (two
/// statements for the whole batch: ten thousand deadlines can fall due at one instant) and moves
/// the cursor with them, so each deadline escalates exactly once. The breach itself is not
/// appended to the request: it is derived from the due time (Request.ObservedAt).
/// </summary>
public static class SweepDeadlinesHandler
{
    // Sweepers on several nodes take turns; the second then finds the first one's cursor.
    private const long SweepLock = 0x5054_5357_4550;

    public static async Task<SweepOutcome> Handle(SweepDeadlines cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, SweepLock);
        var now = clock.GetUtcNow();
        var stream = await session.Events.FetchForWriting<DeadlineSweep>(DeadlineSweep.StreamId, ct);
        var sweep = stream.Aggregate ?? new DeadlineSweep();

        var raised = new List<EscalationRaised>();
        var more = false;
        foreach (var kind in (DeadlineKind[])[DeadlineKind.Dispatch, DeadlineKind.Resolution])
        {
            var cursor = sweep.CursorFor(kind);
            var due = await session.QueryAsync<Request>(
                $"where d.{Column(kind)} >= ? and (d.{Column(kind)}, d.id) > (?, ?) and d.{Column(kind)} <= ? order by d.{Column(kind)}, d.id limit {cmd.BatchSize}",
                ct, cursor.Due, cursor.Due, cursor.RequestId, now);
            if (due.Count == 0) continue;

            var escalations = due.Select(r => Decide(kind, r, now)).OfType<EscalationRaised>().ToList();
            raised.AddRange(escalations);
            var last = due[^1];
            stream.AppendOne(new DeadlinesSwept(kind, new SweepCursor(PendingDue(kind, last)!.Value, last.Id),
                escalations.Select(e => e.EscalationId).ToArray(), now));
            more |= due.Count == cmd.BatchSize;
        }

        await EscalationsInBulk.RaiseAsync(session, raised, ct);

        var next = await session.QueryAsync<DateTimeOffset>(
            $"select n.due from (select least((select min(d.{Column(DeadlineKind.Dispatch)}) from {RequestTable(session)} d where d.{Column(DeadlineKind.Dispatch)} > ?), " +
            $"(select min(d.{Column(DeadlineKind.Resolution)}) from {RequestTable(session)} d where d.{Column(DeadlineKind.Resolution)} > ?)) as due) n where n.due is not null",
            ct, Max(sweep.Dispatch.Due, now), Max(sweep.Resolution.Due, now));
        return new SweepOutcome(raised.Count, more, next.Count > 0 ? next[0] : null);
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
