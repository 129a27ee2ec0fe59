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

namespace ProjectTracker.Projects.Suspending;

/// <summary>
/// Work on the project stops (the enterprise paused, land or approvals are blocked): no milestone
/// work, and deadlines that lapse meanwhile raise nothing until it resumes.
/// </summary>
public sealed record SuspendProject(Guid ProjectId, string Reason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class SuspendProjectHandler
{
    public static (UpdatedAggregate, Events) Handle(SuspendProject cmd, Project? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the project as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(SuspendProject cmd, Project? loaded, DateTimeOffset now)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureLeads(project.TaskForceId);
        project.EnsureActive("suspend the project");
        return [new ProjectSuspended(cmd.Reason.Trim(), cmd.By.UserId, now)];
    }
}

public static class SuspendProjectEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/suspend", Name = "SuspendProject"), RequiresIfMatch, Authorize(Roles = $"{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    public static async Task<ProjectDetails> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var project = await http.ActAsync(bus, caller => new SuspendProject(id, body.Reason!, caller));
        return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
    }
}
