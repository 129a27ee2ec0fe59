using Marten;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Approvals;

/// <summary>The documents promised for a 容缺受理 acceptance had not come by the end of the promised day: raised at most once per promise.</summary>
public sealed record ProcedureDocumentsPromiseLapsed(Guid ItemId, DateOnly PromisedBy, Guid EscalationId, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// Scheduled (durable: a row in PostgreSQL until it fires) for the end of the promised day by each
/// acceptance with documents pending. It carries the promise it was set for: after a rejection and
/// a new acceptance, the older one finds a different promise and raises nothing.
/// </summary>
public sealed record DocumentsPromiseDeadline(Guid ProjectId, Guid ItemId, DateOnly PromisedBy)
{
    public static OutgoingMessages For(Guid projectId, IEnumerable<object> events, DeadlinePolicy policy)
    {
        var messages = new OutgoingMessages();
        foreach (var accepted in events.OfType<ProcedureAcceptedPendingDocuments>())
            messages.Add(Schedule.At(new DocumentsPromiseDeadline(projectId, accepted.ItemId, accepted.PromisedBy), policy.MilestoneDue(accepted.PromisedBy)));
        return messages;
    }
}

[AggregateHandler]
public static class DocumentsPromiseDeadlineHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => DatabaseOutage.RetryThrough(chain);

    public static async Task<(Events, IStartStream?, OutgoingMessages)> Handle(DocumentsPromiseDeadline deadline, Project project, TimeProvider clock,
        DeadlinePolicy policy, IDocumentSession session)
    {
        // As for ProcedureDeadline: delivered early by our clock, it waits rather than judging early.
        var due = policy.MilestoneDue(deadline.PromisedBy);
        if (clock.GetUtcNow() < due) return ([], null, [Schedule.At(deadline, due)]);
        // The secretary as the directory has them now, not as they were when the promise was made.
        var enterprise = await session.LoadAsync<Enterprise>(project.LeadEnterpriseId);
        var (events, raise) = Decide(deadline, project, enterprise?.SecretaryId, clock.GetUtcNow(), policy);
        return (events, raise, []);
    }

    /// <summary>
    /// The promised day ended and the procedure still waits on some of the documents (none handed in
    /// for them: <see cref="PendingDocumentsSubmitted"/>): a warning naming the
    /// enterprise's secretary (秘书), who chases the enterprise (the dispatch desk for an enterprise
    /// without one). A warning, not accountability: the promise is the enterprise's, not the
    /// zone's. Stale (no longer accepted with documents pending, or another promise since), already
    /// escalated for this promise, or the project not active: nothing.
    /// </summary>
    public static (Events, IStartStream?) Decide(DocumentsPromiseDeadline deadline, Project project, Guid? secretaryId, DateTimeOffset now, DeadlinePolicy policy)
    {
        var item = project.Procedure(deadline.ItemId);
        if (project.Status != ProjectStatus.Active || item is null || item.State != ProcedureState.AcceptedPendingDocuments
            || item.DocumentsPromisedBy != deadline.PromisedBy || item.LapsedPromises.Contains(deadline.PromisedBy) || item.DocumentsStillPending().Length == 0)
            return ([], null);
        var escalationId = Escalation.IdFor(project.Id, EscalationKind.ProcedureOverdue, item.Id, "documents", deadline.PromisedBy.ToString("yyyy-MM-dd"));
        Responsible named = secretaryId is { } s ? new(ResponsibleKind.Secretary, s) : new(ResponsibleKind.DispatchDesk, null);
        var raised = new EscalationRaised(escalationId, EscalationKind.ProcedureOverdue, EscalationLevel.Warning, [named], null, null,
            project.LeadEnterpriseId, project.Id, item.Kind, policy.MilestoneDue(deadline.PromisedBy), now,
            $"Project {project.Name}: procedure {item.Kind} was accepted with documents pending (容缺受理), promised by {deadline.PromisedBy:yyyy-MM-dd}; {item.DocumentsStillPending().Length} of {item.PendingDocuments.Length} have not come.");
        return ([new ProcedureDocumentsPromiseLapsed(item.Id, deadline.PromisedBy, escalationId, now)], Escalation.Raise(raised));
    }
}
