using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Dispatching;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Working;

public sealed record TransferInput(AssigneeKind? AssigneeKind, Guid? AssigneeId, string? Reason);

/// <summary>分类移交: the holder (or a dispatcher) moves the task to the right department or task force.</summary>
public sealed record TransferTask(Guid RequestId, Guid TaskId, AssigneeKind AssigneeKind, Guid AssigneeId, string Reason, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class TransferTaskHandler
{
    public static (UpdatedAggregate, Events) Handle(TransferTask cmd, Request? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(TransferTask cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        if (!cmd.By.Is(Roles.Dispatcher)) cmd.By.EnsureWorksOn(request, cmd.TaskId);
        var task = request.WorkableTask(cmd.TaskId, "transfer the task");
        if (task.AssigneeId == cmd.AssigneeId) throw Refusal.Invalid("assigneeId", "The task is already held there.");
        if (request.Tasks.Any(t => t.IsActive && t.AssigneeId == cmd.AssigneeId))
            throw Refusal.Conflict($"{cmd.AssigneeKind} {cmd.AssigneeId} already holds an open task on {request.Number}.");
        return [new TaskTransferred(cmd.TaskId, cmd.AssigneeKind, cmd.AssigneeId, cmd.Reason.Trim(), cmd.By.UserId, now)];
    }
}

public static class TransferTaskEndpoint
{
    public static ProblemDetails Validate(TransferInput? body) => body is null ? Validation.NullBody : new Validation()
        .Defined("assigneeKind", body.AssigneeKind).NotEmpty("assigneeId", body.AssigneeId)
        .Required("reason", body.Reason, Limits.ShortText).Result;

    [WolverinePost("/api/requests/{id}/tasks/{taskId}/transfer", Name = "TransferTask"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Dispatcher}"), Tags("Tasks")]
    public static async Task<RequestView> Post(Guid id, Guid taskId, TransferInput body, HttpContext http, IQuerySession session, IMessageBus bus)
    {
        await Assignees.EnsureExistsAsync(session, body.AssigneeKind!.Value, body.AssigneeId!.Value, "assigneeId", http.RequestAborted);
        return await http.ActAsync(bus, caller =>
            new TransferTask(id, taskId, body.AssigneeKind.Value, body.AssigneeId.Value, body.Reason!, caller));
    }
}
