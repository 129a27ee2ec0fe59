using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

public static class DispatchDeadlineRule
{
    /// <summary>
    /// Not dispatched within its day: 督查警示, naming the secretary or the dispatch desk.
    /// Dispatched or closed in time: nothing.
    /// </summary>
    public static EscalationRaised? Decide(Request request, DateTimeOffset now)
    {
        if (request.PendingDispatchDue is not { } due || due > now) return null;

        Responsible named = request.SecretaryId is { } s ? new(ResponsibleKind.Secretary, s) : new(ResponsibleKind.DispatchDesk, null);
        return new EscalationRaised(Escalation.IdFor(request.Id, EscalationKind.DispatchOverdue), EscalationKind.DispatchOverdue,
            EscalationLevel.Warning, [named], request.Id, request.Number, request.EnterpriseId, request.ProjectId, null, due, now,
            $"Request {request.Number} was not dispatched within the deadline.");
    }
}
