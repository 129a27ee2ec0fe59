using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Working;

/// <summary>Not ours: the task goes back to the dispatcher, who re-dispatches.</summary>
public sealed record HandBackTask(Guid RequestId, Guid TaskId, string Reason, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class HandBackTaskHandler
{
    public static (UpdatedAggregate, Events) Handle(HandBackTask cmd, Request? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(HandBackTask cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(request, cmd.TaskId);
        request.WorkableTask(cmd.TaskId, "hand the task back");
        return [new TaskHandedBack(cmd.TaskId, cmd.Reason.Trim(), cmd.By.UserId, now)];
    }
}

public static class HandBackTaskEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/requests/{id}/tasks/{taskId}/hand-back", Name = "HandBackTask"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Tasks")]
    public static Task<RequestView> Post(Guid id, Guid taskId, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new HandBackTask(id, taskId, body.Reason!, caller));
}
