using ProjectTracker.Deadlines;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Approvals;

/// <summary>A procedure's due passed on this date and it was not approved: raised at most once per due.</summary>
public sealed record ProcedureDeadlinePassed(Guid ItemId, DateOnly Due, Guid EscalationId, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// Scheduled (durable: a row in PostgreSQL until it fires) for the end of each due day a procedure
/// is given, by adding it or moving it. It carries the due it was set for: after a reschedule the
/// older one finds a different due and raises nothing.
/// </summary>
public sealed record ProcedureDeadline(Guid ProjectId, Guid ItemId, DateOnly Due)
{
    /// <summary>One deadline per due the events give (a procedure added, or its due moved).</summary>
    public static OutgoingMessages For(Guid projectId, IEnumerable<object> events, DeadlinePolicy policy)
    {
        var messages = new OutgoingMessages();
        foreach (var e in events)
        {
            var (item, due) = e switch
            {
                ProcedureAdded a => (a.ItemId, a.Due),
                ProcedureRescheduled r => (r.ItemId, r.To),
                _ => (Guid.Empty, default),
            };
            if (item != Guid.Empty) messages.Add(Schedule.At(new ProcedureDeadline(projectId, item, due), policy.MilestoneDue(due)));
        }
        return messages;
    }
}

[AggregateHandler]
public static class ProcedureDeadlineHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => DatabaseOutage.RetryThrough(chain);

    public static (Events, IStartStream?, OutgoingMessages) Handle(ProcedureDeadline deadline, Project project, TimeProvider clock, DeadlinePolicy policy)
    {
        // The scheduler's clock (the database's) may run ahead of the service's: delivered before
        // its due by our clock, the deadline waits for it rather than judging early or being lost.
        var due = policy.MilestoneDue(deadline.Due);
        if (clock.GetUtcNow() < due) return ([], null, [Schedule.At(deadline, due)]);
        var (events, raise) = Decide(deadline, project, clock.GetUtcNow(), policy);
        return (events, raise, []);
    }

    /// <summary>
    /// The due day ended and the procedure is not approved: accountability naming the responsible
    /// department (办理时限 is the department's promise). Stale (due moved since), approved, already
    /// escalated for this due, or the project not active: nothing.
    /// </summary>
    public static (Events, IStartStream?) Decide(ProcedureDeadline deadline, Project project, DateTimeOffset now, DeadlinePolicy policy)
    {
        var item = project.Procedure(deadline.ItemId);
        if (project.Status != ProjectStatus.Active || item is null || !item.Open || item.Due != deadline.Due || item.EscalatedDues.Contains(deadline.Due))
            return ([], null);
        var escalationId = Escalation.IdFor(project.Id, EscalationKind.ProcedureOverdue, item.Id, deadline.Due.ToString("yyyy-MM-dd"));
        var raised = new EscalationRaised(escalationId, EscalationKind.ProcedureOverdue, EscalationLevel.Accountability,
            [new Responsible(ResponsibleKind.Department, item.DepartmentId)], null, null, project.LeadEnterpriseId, project.Id,
            item.Kind, policy.MilestoneDue(deadline.Due), now, $"Project {project.Name}: procedure {item.Kind} due {deadline.Due:yyyy-MM-dd} is not approved ({item.State}).");
        return ([new ProcedureDeadlinePassed(item.Id, deadline.Due, escalationId, now)], Escalation.Raise(raised));
    }
}
