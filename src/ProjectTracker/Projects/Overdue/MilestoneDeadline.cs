using ProjectTracker.Deadlines;
using ProjectTracker.Escalations;
using Wolverine;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Overdue;

/// <summary>
/// Scheduled by each plan and replan for the end of the planned day (durable: a row in PostgreSQL
/// until it fires). It carries the plan's revision so that a replan makes it stale.
/// </summary>
public sealed record MilestoneDeadline(Guid ProjectId, Milestone Milestone, int Revision)
{
    public static DeliveryMessage<MilestoneDeadline> For(Guid projectId, Milestone milestone, int revision, DateTimeOffset due) =>
        Schedule.At(new MilestoneDeadline(projectId, milestone, revision), due);
}

[AggregateHandler]
public static class MilestoneDeadlineHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => ProjectTracker.Deadlines.DatabaseOutage.RetryThrough(chain);

    /// <summary>
    /// The planned day ended and the milestone is not achieved: 追责问责 naming the owning task
    /// force. Accountability rather than a warning because the date is the task force's own
    /// promise and replanning before it passes costs one reason; a date left to lapse is the
    /// milestone's equivalent of a request unanswered after 3 days.
    /// Stale (replanned since), achieved, already escalated for this plan, or the project not
    /// active: nothing. A suspended project's lapsed deadlines are re-armed when it resumes.
    /// </summary>
    public static (Events, IStartStream?, OutgoingMessages) Handle(MilestoneDeadline deadline, Project project, TimeProvider clock)
    {
        var m = project.Of(deadline.Milestone);
        if (project.Status != ProjectStatus.Active || m.Achieved || m.Revision != deadline.Revision
            || m.EscalatedRevisions.Contains(deadline.Revision))
            return ([], null, []);

        // The scheduler's clock (the database's) may run ahead of the service's: delivered before
        // its due by our clock, the deadline waits for it rather than accusing anyone early.
        var now = clock.GetUtcNow();
        if (now < m.Due!.Value) return ([], null, [MilestoneDeadline.For(project.Id, deadline.Milestone, deadline.Revision, m.Due.Value)]);
        var escalationId = Escalation.IdFor(project.Id, EscalationKind.MilestoneOverdue, deadline.Milestone, deadline.Revision);
        var raised = new EscalationRaised(escalationId, EscalationKind.MilestoneOverdue, EscalationLevel.Accountability,
            [new Responsible(ResponsibleKind.TaskForce, project.TaskForceId)], null, null, project.LeadEnterpriseId, project.Id,
            deadline.Milestone.ToString(), m.Due!.Value, now,
            $"Project {project.Name}: {deadline.Milestone} planned for {m.Planned:yyyy-MM-dd} was not achieved.");
        return ([new MilestoneDeadlinePassed(deadline.Milestone, deadline.Revision, m.Due.Value, escalationId, now)], Escalation.Raise(raised), []);
    }
}
