using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

/// <summary>Scheduled at filing (cycle 0) and at each reopening for the next 3-day clock.</summary>
public sealed record ResolutionDeadline(Guid RequestId, int Cycle);

public static class ResolutionDeadlineRule
{
    /// <summary>
    /// Not answered in time: 追责问责, naming each department or task force whose task is
    /// unresolved (or the dispatcher, if it was never dispatched). A deadline of an earlier cycle
    /// is stale and raises nothing.
    /// </summary>
    public static Breach? Decide(Request request, ResolutionDeadline deadline, DateTimeOffset now)
    {
        if (deadline.Cycle != request.Cycle || request.Resolution.MetAt is not null
            || request.Resolution.BreachedAt is not null || !request.IsOpen)
            return null;

        // A department that handed its task back said "not ours": the dispatcher, who has not
        // re-dispatched it, answers for that part, as for a request never dispatched.
        var unresolved = request.Tasks.Where(t => t.IsActive).ToList();
        var named = unresolved.DistinctBy(t => t.AssigneeId).Select(t => new Responsible(
            t.AssigneeKind == AssigneeKind.Department ? ResponsibleKind.Department : ResponsibleKind.TaskForce, t.AssigneeId)).ToList();
        if (named.Count == 0 || request.Tasks.Any(t => t.State == TaskState.HandedBack))
            named.Add(request.SecretaryId is { } s ? new Responsible(ResponsibleKind.Secretary, s) : new Responsible(ResponsibleKind.DispatchDesk, null));

        var escalationId = Escalation.IdFor(request.Id, EscalationKind.ResolutionOverdue, deadline.Cycle);
        return new Breach(
            new ResolutionDeadlinePassed(deadline.Cycle, request.Resolution.Due, escalationId,
                unresolved.Select(t => t.AssigneeId).Distinct().ToArray(), now),
            new EscalationRaised(escalationId, EscalationKind.ResolutionOverdue, EscalationLevel.Accountability, [.. named],
                request.Id, request.Number, request.EnterpriseId, request.ProjectId, null, request.Resolution.Due, now,
                $"Request {request.Number} was not answered within the deadline."));
    }
}
