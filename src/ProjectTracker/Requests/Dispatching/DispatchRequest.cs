using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Overdue;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Dispatching;

public sealed record DispatchTaskInput(AssigneeKind? AssigneeKind, Guid? AssigneeId, string? Instructions, DateTimeOffset? Due);
public sealed record DispatchInput(DispatchTaskInput[]? Tasks)
{
    public const int MaxTasks = 20;

    public Validation Check()
    {
        var v = new Validation().Count("tasks", Tasks, 1, MaxTasks);
        for (var i = 0; i < (Tasks?.Length ?? 0); i++)
        {
            var t = Tasks![i];
            if (t is null) { v.Add($"tasks[{i}]", "A task is required."); continue; }
            v.Defined($"tasks[{i}].assigneeKind", t.AssigneeKind)
             .NotEmpty($"tasks[{i}].assigneeId", t.AssigneeId)
             .Required($"tasks[{i}].instructions", t.Instructions, Limits.LongText);
        }
        return v.When(Tasks?.Where(t => t is not null).GroupBy(t => t.AssigneeId).Any(g => g.Count() > 1) == true,
            "tasks", "Each department or task force gets at most one task per dispatch.");
    }
}

/// <summary>分解推送: the dispatcher decomposes the request into tasks, one per department or task force.</summary>
public sealed record DispatchRequest(Guid RequestId, DispatchTaskInput[] Tasks, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class DispatchRequestHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => Overdue.Breaches.RetryOnRace(chain);

    /// <summary>
    /// Tasks are due no later than the request; once the request is past due (it is already
    /// escalated) a task may still be dispatched, due at a future time of the dispatcher's choosing.
    /// </summary>
    public static async Task<(UpdatedAggregate, Events)> Handle(DispatchRequest cmd, Request? loaded, TimeProvider clock, DeadlinePolicy policy,
        IDocumentSession session, IMessageContext messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = Decide(cmd, loaded, now, policy, [.. cmd.Tasks.Select(_ => Guid.CreateVersion7())]);
        await Breaches.JudgeAsync(loaded!, now, session, messages, ct);
        return (new UpdatedAggregate(), events);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>, the new tasks taking <paramref name="taskIds"/>: the dispatch, or a refusal.</summary>
    public static Events Decide(DispatchRequest cmd, Request? loaded, DateTimeOffset now, DeadlinePolicy policy, IReadOnlyList<Guid> taskIds)
    {
        var request = loaded.SeenBy(cmd);
        request.EnsureOpen("dispatch");
        var overdue = request.Resolution.Due <= now;
        var tasks = cmd.Tasks.Select((t, i) =>
        {
            var due = t.Due ?? (overdue ? policy.OverdueTaskDue(now) : request.Resolution.Due);
            if (!overdue && due > request.Resolution.Due)
                throw Refusal.Invalid($"tasks[{i}].due", $"A task cannot be due after the request ({request.Resolution.Due:O}).");
            if (due <= now) throw Refusal.Invalid($"tasks[{i}].due", "A task's due time must be in the future.");
            if (request.Tasks.Any(x => x.IsActive && x.AssigneeId == t.AssigneeId))
                throw Refusal.Conflict($"{t.AssigneeKind} {t.AssigneeId} already holds an open task on {request.Number}.");
            return new DispatchedTask(taskIds[i], t.AssigneeKind!.Value, t.AssigneeId!.Value, t.Instructions!.Trim(), due,
                policy.TaskAtRisk(now, due));
        }).ToArray();
        return [new TasksDispatched(tasks, cmd.By.UserId, now)];
    }
}

public static class DispatchRequestEndpoint
{
    public static ProblemDetails Validate(DispatchInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/requests/{id}/dispatch", Name = "DispatchRequest"), RequiresIfMatch, Authorize(Roles = Roles.Dispatcher), Tags("Requests")]
    public static async Task<RequestView> Post(Guid id, DispatchInput body, HttpContext http, IQuerySession session, IMessageBus bus)
    {
        for (var i = 0; i < body.Tasks!.Length; i++)
            await Assignees.EnsureExistsAsync(session, body.Tasks[i].AssigneeKind!.Value, body.Tasks[i].AssigneeId!.Value, $"tasks[{i}].assigneeId", http.RequestAborted);
        return await http.ActAsync(bus, caller => new DispatchRequest(id, body.Tasks, caller));
    }
}
