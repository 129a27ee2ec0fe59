using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

/// <summary>Scheduled at filing for filed + 1 day (durable: a row in PostgreSQL until it fires).</summary>
public sealed record DispatchDeadline(Guid RequestId);

public static class DispatchDeadlineRule
{
    /// <summary>
    /// Not dispatched in time: 督查警示, naming the secretary or the dispatch desk. Met, stopped or
    /// already breached (a second firing): nothing.
    /// </summary>
    public static Breach? Decide(Request request, DispatchDeadline deadline, DateTimeOffset now)
    {
        if (request.Dispatch.MetAt is not null || request.Dispatch.BreachedAt is not null || !request.IsOpen) return null;

        var escalationId = Escalation.IdFor(request.Id, EscalationKind.DispatchOverdue);
        Responsible named = request.SecretaryId is { } s ? new(ResponsibleKind.Secretary, s) : new(ResponsibleKind.DispatchDesk, null);
        return new Breach(
            new DispatchDeadlinePassed(request.Dispatch.Due, escalationId, now),
            new EscalationRaised(escalationId, EscalationKind.DispatchOverdue, EscalationLevel.Warning, [named],
                request.Id, request.Number, request.EnterpriseId, request.ProjectId, null, request.Dispatch.Due, now,
                $"Request {request.Number} was not dispatched within the deadline."));
    }
}
