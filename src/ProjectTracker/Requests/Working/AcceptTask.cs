using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Working;

public sealed record AcceptTask(Guid RequestId, Guid TaskId, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class AcceptTaskHandler
{
    public static (UpdatedAggregate, Events) Handle(AcceptTask cmd, Request? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(AcceptTask cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(request, cmd.TaskId);
        var task = request.WorkableTask(cmd.TaskId, "accept the task");
        if (task.State == TaskState.Accepted) throw Refusal.Conflict("The task is already accepted.");
        return [new TaskAccepted(cmd.TaskId, cmd.By.UserId, now)];
    }
}

public static class AcceptTaskEndpoint
{
    [WolverinePost("/api/requests/{id}/tasks/{taskId}/accept", Name = "AcceptTask"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Tasks")]
    public static Task<RequestView> Post(Guid id, Guid taskId, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new AcceptTask(id, taskId, caller));
}
