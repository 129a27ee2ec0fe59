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

public sealed record PlanInput(DateOnly? Date)
{
    public ProblemDetails Check() => new Validation().Date("date", Date).Result;
}

/// <summary>The first date for a milestone; later changes are replans, with a reason.</summary>
public sealed record PlanMilestone(Guid ProjectId, Milestone Milestone, DateOnly Date, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class PlanMilestoneHandler
{
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(PlanMilestone cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy)
    {
        var (events, messages) = Decide(cmd, loaded, clock.GetUtcNow(), policy);
        return (new UpdatedAggregate(), events, messages);
    }

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events and the deadlines they set, or a refusal.</summary>
    public static (Events, OutgoingMessages) Decide(PlanMilestone cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(project);
        project.EnsureActive("plan a milestone");
        var m = project.Of(cmd.Milestone);
        if (m.Achieved) throw Refusal.Conflict($"{cmd.Milestone} is already achieved.");
        if (m.Planned is not null) throw Refusal.Conflict($"{cmd.Milestone} is already planned for {m.Planned:yyyy-MM-dd}; replan it with a reason.");
        var planned = new MilestonePlanned(cmd.Milestone, cmd.Date, m.Revision + 1, policy.PlanDue(cmd.Date, now, "date"), cmd.By.UserId, now);
        return ([planned], [MilestoneDeadline.For(project.Id, planned.Milestone, planned.Revision, planned.Due)]);
    }
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
