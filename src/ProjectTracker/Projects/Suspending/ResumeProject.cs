using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Approvals;
using ProjectTracker.Projects.Overdue;
using ProjectTracker.Projects.Reading;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Suspending;

public sealed record ResumeProject(Guid ProjectId, string Reason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class ResumeProjectHandler
{
    /// <summary>
    /// Suspension paused supervision, not the plan. Each unachieved milestone whose current plan
    /// lapsed without an escalation gets its deadline again, at the end of the day the project
    /// resumes: the task force has the rest of that day to replan (or achieve) before it escalates.
    /// Likewise each open procedure whose due lapsed, and each pending-documents promise that lapsed,
    /// unescalated. Deadlines still ahead keep their original messages.
    /// </summary>
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ResumeProject cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy)
    {
        var (events, messages) = Decide(cmd, loaded, clock.GetUtcNow(), policy);
        return (new UpdatedAggregate(), events, messages);
    }

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events and the deadlines they set, or a refusal.</summary>
    public static (Events, OutgoingMessages) Decide(ResumeProject cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureLeads(project.TaskForceId);
        if (project.Status != ProjectStatus.Suspended)
            throw Refusal.Conflict($"Only a suspended project can resume; project {project.Name} is {project.Status}.");
        var endOfToday = policy.MilestoneDue(policy.ZoneToday(now));
        bool Lapsed(DateOnly day) => policy.MilestoneDue(day) <= now;
        var milestones = project.Milestones
            .Where(m => !m.Achieved && m.Due <= now && !m.EscalatedRevisions.Contains(m.Revision))
            .Select(m => MilestoneDeadline.For(project.Id, m.Milestone, m.Revision, endOfToday));
        var procedures = project.Checklist
            .Where(i => i.Open && Lapsed(i.Due) && !i.EscalatedDues.Contains(i.Due))
            .Select(i => Schedule.At(new ProcedureDeadline(project.Id, i.Id, i.Due), endOfToday));
        var promises = project.Checklist
            .Where(i => i is { State: ProcedureState.AcceptedPendingDocuments, DocumentsPromisedBy: { } by } && Lapsed(by)
                && !i.LapsedPromises.Contains(by) && i.DocumentsStillPending().Length > 0)
            .Select(i => Schedule.At(new DocumentsPromiseDeadline(project.Id, i.Id, i.DocumentsPromisedBy!.Value), endOfToday));
        return ([new ProjectResumed(cmd.Reason.Trim(), cmd.By.UserId, now)], [.. milestones, .. procedures, .. promises]);
    }
}

public static class ResumeProjectEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/resume", Name = "ResumeProject"), RequiresIfMatch, Authorize(Roles = $"{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    public static async Task<ProjectDetails> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var project = await http.ActAsync(bus, caller => new ResumeProject(id, body.Reason!, caller));
        return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
    }
}
