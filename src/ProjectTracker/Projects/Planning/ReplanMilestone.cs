using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Overdue;
using ProjectTracker.Projects.Reading;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Planning;

public sealed record ReplanInput(DateOnly? Date, string? Reason)
{
    public ProblemDetails Check() => new Validation().Date("date", Date).Required("reason", Reason, Limits.ShortText).Result;
}

public sealed record ReplanMilestone(Guid ProjectId, Milestone Milestone, DateOnly Date, string Reason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class ReplanMilestoneHandler
{
    /// <summary>
    /// A new date and a new deadline; the previous deadline message carries the old revision and
    /// raises nothing when it fires. An escalation already raised for a lapsed date stays: the
    /// replan changes the plan, not what happened.
    /// </summary>
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ReplanMilestone cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy)
    {
        var (events, messages) = Decide(cmd, loaded, clock.GetUtcNow(), policy);
        return (new UpdatedAggregate(), events, messages);
    }

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events and the deadlines they set, or a refusal.</summary>
    public static (Events, OutgoingMessages) Decide(ReplanMilestone cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(project);
        project.EnsureActive("replan a milestone");
        var m = project.Of(cmd.Milestone);
        if (m.Achieved) throw Refusal.Conflict($"{cmd.Milestone} is already achieved.");
        if (m.Planned is null) throw Refusal.Conflict($"{cmd.Milestone} has no plan yet; plan it first.");
        if (m.Planned == cmd.Date) throw Refusal.Invalid("date", $"{cmd.Milestone} is already planned for {cmd.Date:yyyy-MM-dd}.");
        var replanned = new MilestoneReplanned(cmd.Milestone, cmd.Date, cmd.Reason.Trim(), m.Revision + 1,
            policy.PlanDue(cmd.Date, now, "date"), cmd.By.UserId, now);
        Events events = [replanned];
        if (cmd.Milestone == Milestone.ConstructionStarted)   // the approvals checklist is back-scheduled from this date
            events.AddRange(Approvals.ChecklistRules.Rescheduled(project.Checklist, cmd.Date, policy.Calendar,
                $"construction start replanned: {replanned.Reason}", cmd.By.UserId, now));
        OutgoingMessages deadlines = Approvals.ProcedureDeadline.For(project.Id, events, policy);
        deadlines.Add(MilestoneDeadline.For(project.Id, replanned.Milestone, replanned.Revision, replanned.Due));
        return (events, deadlines);
    }
}

public static class ReplanMilestoneEndpoint
{
    public static ProblemDetails Validate(ReplanInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/milestones/{milestone}/replan", Name = "ReplanMilestone"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    public static async Task<ProjectDetails> Post(Guid id, string milestone, ReplanInput body, HttpContext http, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var which = MilestoneRules.Parse(milestone);
        var project = await http.ActAsync(bus, caller => new ReplanMilestone(id, which, body.Date!.Value, body.Reason!, caller));
        return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
    }
}
