using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Working;

public sealed record ReasonInput(string? Reason)
{
    public ProblemDetails Check() => new Validation().Required("reason", Reason, Limits.ShortText).Result;
}

/// <summary>Not ours: the task goes back to the dispatcher, who re-dispatches.</summary>
public sealed record HandBackTask(Guid RequestId, Guid TaskId, string Reason, Guid By);

[AggregateHandler]
public static class HandBackTaskHandler
{
    public static Events Handle(HandBackTask cmd, Request request, TimeProvider clock)
    {
        request.WorkableTask(cmd.TaskId, "hand the task back");
        return [new TaskHandedBack(cmd.TaskId, cmd.Reason.Trim(), cmd.By, clock.GetUtcNow())];
    }
}

public static class HandBackTaskEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/requests/{id}/tasks/{taskId}/hand-back", Name = "HandBackTask"), Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Tasks")]
    [ProducesResponseType<Request>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static Task<Request> Post(Guid id, Guid taskId, ReasonInput body, HttpContext http, IQuerySession session, IMessageBus bus) =>
        http.ActAsync(session, bus, id, (caller, request) =>
        {
            caller.EnsureWorksOn(request, taskId);
            return new HandBackTask(id, taskId, body.Reason!, caller.UserId);
        });
}
