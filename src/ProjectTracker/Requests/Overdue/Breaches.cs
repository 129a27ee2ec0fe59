using Marten;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Escalations;
using Wolverine;
using Wolverine.ErrorHandling;

namespace ProjectTracker.Requests.Overdue;

/// <summary>
/// Clocks are judged by event time, not by when a sweep happens to run:
/// - a command acting on a request whose clock is past due and unmet records the breach itself, in
///   its own transaction (the escalation the sweep would raise; one that exists is left alone), so
///   a promise met late is escalated however far behind the sweep is;
/// - a command meeting a clock shortly before its due (within <see cref="DueBehind.Horizon"/>, as far
///   as a sweep may read ahead) sends a durable <see cref="VerifyBreach"/> with its events: should a
///   sweep have raised the escalation without seeing the command (the sweep locks the requests it
///   decides on, so the command committed after it), the escalation is voided, saying why.
/// </summary>
public static class Breaches
{
    /// <summary>
    /// For the handlers that judge: a sweep raising the same escalation at the same moment makes the
    /// later commit collide; the retry finds it raised. (Not for filing, whose collision is an idempotent retry.)
    /// </summary>
    public static void RetryOnRace(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException<Marten.Exceptions.ExistingStreamIdCollisionException>().RetryTimes(2);

    public static async Task JudgeAsync(Request request, DateTimeOffset now, IDocumentSession session, IMessageContext messages, CancellationToken ct)
    {
        foreach (var raised in new[] { DispatchDeadlineRule.Decide(request, now), ResolutionDeadlineRule.Decide(request, now) }.OfType<EscalationRaised>())
            if (await session.Events.FetchStreamStateAsync(raised.EscalationId, ct) is null)
                session.Events.StartStream<Escalation>(raised.EscalationId, raised);

        foreach (var (kind, due) in new[] { (DeadlineKind.Dispatch, request.PendingDispatchDue), (DeadlineKind.Resolution, request.PendingResolutionDue) })
            if (due is { } d && d >= now && d - now <= DueBehind.Horizon)
                await messages.PublishAsync(new VerifyBreach(request.Id, kind, request.Cycle));
    }
}

/// <summary>Was an escalation raised for a clock that was in fact met (or stopped) by its due time?</summary>
public sealed record VerifyBreach(Guid RequestId, DeadlineKind Kind, int Cycle);

public static class VerifyBreachHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => ProjectTracker.Deadlines.DatabaseOutage.RetryThrough(chain);

    public static async Task Handle(VerifyBreach verify, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var id = verify.Kind == DeadlineKind.Dispatch
            ? Escalation.IdFor(verify.RequestId, EscalationKind.DispatchOverdue)
            : Escalation.IdFor(verify.RequestId, EscalationKind.ResolutionOverdue, verify.Cycle);
        var escalation = await session.LoadAsync<Escalation>(id, ct);
        var request = await session.LoadAsync<Request>(verify.RequestId, ct);
        if (escalation is null || request is null || Void(escalation, request, verify, clock.GetUtcNow()) is not { } voided) return;
        session.Events.Append(id, escalation.Version + 1, voided);
    }

    /// <summary>Pure: the escalation's premise is false when its clock stopped (met, paused or closed) at or before the due.</summary>
    public static EscalationVoided? Void(Escalation escalation, Request request, VerifyBreach verify, DateTimeOffset now)
    {
        if (escalation.Status is EscalationStatus.Voided or EscalationStatus.Closed) return null;
        var clock = verify.Kind == DeadlineKind.Dispatch ? request.Dispatch : request.Resolution;
        if (verify.Kind == DeadlineKind.Resolution && request.Cycle != verify.Cycle) return null;
        var stopped = clock.MetAt ?? clock.PausedAt ?? request.ClosedAt;
        return stopped is { } at && at <= escalation.DueAt
            ? new EscalationVoided(escalation.Id, $"The clock stopped at {at:O}, by its due time {escalation.DueAt:O}; the sweep had not seen it.", now)
            : null;
    }
}
