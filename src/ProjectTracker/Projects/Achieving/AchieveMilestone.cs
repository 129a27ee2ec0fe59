using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Reading;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Achieving;

public sealed record AchieveInput(DateOnly? Date, string? Evidence, string? OutOfOrderReason)
{
    public ProblemDetails Check() => new Validation()
        .Date("date", Date)
        .Required("evidence", Evidence, Limits.LongText)
        .Optional("outOfOrderReason", OutOfOrderReason, Limits.ShortText).Result;
}

public sealed record AchieveMilestone(Guid ProjectId, Milestone Milestone, DateOnly Date, string Evidence, string? OutOfOrderReason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class AchieveMilestoneHandler
{
    /// <summary>
    /// Milestones depend on the ones before them: achieving one while an earlier one is not
    /// achieved, or was achieved on a later date, needs a reason, which is recorded. A reason
    /// given when the order holds is not recorded, so the flag means what it says.
    /// </summary>
    public static (UpdatedAggregate, Events) Handle(AchieveMilestone cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow(), policy));

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(AchieveMilestone cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(project);
        project.EnsureActive("record a milestone");
        if (project.Of(cmd.Milestone).Achieved) throw Refusal.Conflict($"{cmd.Milestone} is already achieved.");
        if (cmd.Date > policy.ZoneToday(now)) throw Refusal.Invalid("date", "An achievement cannot be dated in the future.");

        var outOfOrder = project.Milestones.Where(m => m.Milestone < cmd.Milestone && (!m.Achieved || m.Actual > cmd.Date))
            .Select(m => m.Milestone).ToList();
        var reason = string.IsNullOrWhiteSpace(cmd.OutOfOrderReason) ? null : cmd.OutOfOrderReason.Trim();
        if (outOfOrder.Count > 0 && reason is null)
            throw Refusal.Invalid("outOfOrderReason",
                $"{cmd.Milestone} depends on {string.Join(", ", outOfOrder)}, not achieved by {cmd.Date:yyyy-MM-dd}: give outOfOrderReason to record it out of order.");
        return [new MilestoneAchieved(cmd.Milestone, cmd.Date, cmd.Evidence.Trim(), outOfOrder.Count > 0 ? reason : null, cmd.By.UserId, now)];
    }
}

public static class AchieveMilestoneEndpoint
{
    public static ProblemDetails Validate(AchieveInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/milestones/{milestone}/achieve", Name = "AchieveMilestone"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    public static async Task<ProjectDetails> Post(Guid id, string milestone, AchieveInput body, HttpContext http, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var which = MilestoneRules.Parse(milestone);
        var project = await http.ActAsync(bus, caller =>
            new AchieveMilestone(id, which, body.Date!.Value, body.Evidence!, body.OutOfOrderReason, caller));
        return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
    }
}
