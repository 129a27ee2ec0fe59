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

public sealed record PlanInput(DateOnly? Date)
{
    public ProblemDetails Check() => new Validation().Date("date", Date).Result;
}

public sealed record ReplanInput(DateOnly? Date, string? Reason)
{
    public ProblemDetails Check() => new Validation().Date("date", Date).Required("reason", Reason, Limits.ShortText).Result;
}

/// <summary>The first date for a milestone.</summary>
public sealed record PlanMilestone(Guid ProjectId, Milestone Milestone, DateOnly Date, Caller By) : ProjectCommand(ProjectId, By);

/// <summary>A later date, with a reason.</summary>
public sealed record ReplanMilestone(Guid ProjectId, Milestone Milestone, DateOnly Date, string Reason, Caller By) : ProjectCommand(ProjectId, By);

/// <summary>
/// Planning a milestone's date, then replanning it with a reason. Each sets a new deadline (a
/// durable message for the end of the day, carrying the plan's revision); the previous one then
/// raises nothing when it fires. An escalation already raised for a lapsed date stays: a replan
/// changes the plan, not what happened.
/// </summary>
[AggregateHandler]
public static class MilestonePlanningHandler
{
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(PlanMilestone cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy) =>
        Answer(Decide(cmd, loaded, clock.GetUtcNow(), policy));

    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ReplanMilestone cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy) =>
        Answer(Decide(cmd, loaded, clock.GetUtcNow(), policy));

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events and the deadlines they set, or a refusal.</summary>
    public static (Events, OutgoingMessages) Decide(PlanMilestone cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var (project, m) = Plannable(loaded.SeenBy(cmd), cmd.By, cmd.Milestone, "plan a milestone");
        if (m.Planned is not null) throw Refusal.Conflict($"{cmd.Milestone} is already planned for {m.Planned:yyyy-MM-dd}; replan it with a reason.");
        var planned = new MilestonePlanned(cmd.Milestone, cmd.Date, m.Revision + 1, policy.PlanDue(cmd.Date, now, "date"), cmd.By.UserId, now);
        return ([planned], [MilestoneDeadline.For(project.Id, planned.Milestone, planned.Revision, planned.Due)]);
    }

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events and the deadlines they set, or a refusal.</summary>
    public static (Events, OutgoingMessages) Decide(ReplanMilestone cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var (project, m) = Plannable(loaded.SeenBy(cmd), cmd.By, cmd.Milestone, "replan a milestone");
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

    /// <summary>Who may plan (the task force's people), on an active project, a milestone not yet achieved.</summary>
    private static (Project, MilestoneProgress) Plannable(Project project, Caller by, Milestone milestone, string action)
    {
        by.EnsureWorksOn(project);
        project.EnsureActive(action);
        var m = project.Of(milestone);
        return m.Achieved ? throw Refusal.Conflict($"{milestone} is already achieved.") : (project, m);
    }

    private static (UpdatedAggregate, Events, OutgoingMessages) Answer((Events Events, OutgoingMessages Deadlines) decided) =>
        (new UpdatedAggregate(), decided.Events, decided.Deadlines);
}

public static class PlanMilestoneEndpoint
{
    public static ProblemDetails Validate(PlanInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/milestones/{milestone}/plan", Name = "PlanMilestone"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    public static async Task<ProjectDetails> Post(Guid id, string milestone, PlanInput body, HttpContext http, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var which = MilestoneRules.Parse(milestone);
        var project = await http.ActAsync(bus, caller => new PlanMilestone(id, which, body.Date!.Value, caller));
        return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
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
