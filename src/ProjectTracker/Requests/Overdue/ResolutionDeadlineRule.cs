using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

public static class ResolutionDeadlineRule
{
    /// <summary>
    /// Not answered within the current cycle's 3 days (filing or the last reopening): 追责问责,
    /// naming each department or task force whose task is unresolved (or the dispatcher, if it
    /// was never dispatched or a task was handed back).
    /// </summary>
    public static EscalationRaised? Decide(Request request, DateTimeOffset now)
    {
        if (request.PendingResolutionDue is not { } due || due > now) return null;

        // A department that handed its task back said "not ours": the dispatcher, who has not
        // re-dispatched it, answers for that part, as for a request never dispatched.
        var named = request.Tasks.Where(t => t.IsActive).DistinctBy(t => t.AssigneeId).Select(t => new Responsible(
            t.AssigneeKind == AssigneeKind.Department ? ResponsibleKind.Department : ResponsibleKind.TaskForce, t.AssigneeId)).ToList();
        if (named.Count == 0 || request.Tasks.Any(t => t.State == TaskState.HandedBack))
            named.Add(request.SecretaryId is { } s ? new Responsible(ResponsibleKind.Secretary, s) : new Responsible(ResponsibleKind.DispatchDesk, null));

        return new EscalationRaised(Escalation.IdFor(request.Id, EscalationKind.ResolutionOverdue, request.Cycle), EscalationKind.ResolutionOverdue,
            EscalationLevel.Accountability, [.. named], request.Id, request.Number, request.EnterpriseId, request.ProjectId, null, due, now,
            $"Request {request.Number} was not answered within the deadline.");
    }
}
