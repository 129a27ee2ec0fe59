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

namespace ProjectTracker.Projects.Cancelling;

/// <summary>The project will not go ahead (final): its pending deadlines raise nothing, and it leaves the portfolio summary.</summary>
public sealed record CancelProject(Guid ProjectId, string Reason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class CancelProjectHandler
{
    public static (UpdatedAggregate, Events) Handle(CancelProject cmd, Project? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(CancelProject cmd, Project? loaded, DateTimeOffset now)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureLeads(project.TaskForceId);
        return project.Status == ProjectStatus.Cancelled
            ? throw Refusal.Conflict($"Project {project.Name} is already cancelled.")
            : [new ProjectCancelled(cmd.Reason.Trim(), cmd.By.UserId, now)];
    }
}

public static class CancelProjectEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/cancel", Name = "CancelProject"), RequiresIfMatch, Authorize(Roles = $"{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    public static async Task<ProjectDetails> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var project = await http.ActAsync(bus, caller => new CancelProject(id, body.Reason!, caller));
        return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
    }
}
