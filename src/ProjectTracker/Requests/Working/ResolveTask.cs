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

namespace ProjectTracker.Requests.Working;

public sealed record ResolveInput(string? Reply);
public sealed record ResolveTask(Guid RequestId, Guid TaskId, string Reply, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class ResolveTaskHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => Overdue.Breaches.RetryOnRace(chain);

    /// <summary>
    /// The last task resolved answers the request with the combined reply and starts the
    /// confirmation window, after which an unconfirmed answer closes itself. Only the unit that
    /// holds the task on the request as loaded here may resolve it: one it was transferred away
    /// from meanwhile is refused, however recently it read the request.
    /// </summary>
    public static async Task<(UpdatedAggregate, Events, OutgoingMessages)> Handle(ResolveTask cmd, Request? loaded, TimeProvider clock, DeadlinePolicy policy,
        IDocumentSession session, IMessageContext messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (events, followUps) = Decide(cmd, loaded, now, policy);
        if (events.OfType<RequestAnswered>().Any()) await Breaches.JudgeAsync(loaded!, now, session, messages, ct);
        return (new UpdatedAggregate(), events, followUps);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the resolution (and the answer, with its auto-close), or a refusal.</summary>
    public static (Events, OutgoingMessages) Decide(ResolveTask cmd, Request? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var request = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(request, cmd.TaskId);
        request.WorkableTask(cmd.TaskId, "resolve the task");
        var resolved = new TaskResolved(cmd.TaskId, cmd.Reply.Trim(), cmd.By.UserId, now);

        var othersDone = request.Tasks.Where(t => t.Id != cmd.TaskId).All(t => t.State is TaskState.Resolved or TaskState.Superseded);
        if (!othersDone) return ([resolved], []);

        var replies = request.Tasks.Where(t => t.State == TaskState.Resolved).Select(t => t.Reply!).Append(resolved.Reply);
        var answered = new RequestAnswered(string.Join("\n\n", replies), now);
        // Answered while waiting for the enterprise: the clock is judged on its resumed due time.
        if (Pausing.ResumeClockHandler.Resumption(request, policy, null, now) is { } resumed)
            return ([resolved, resumed, answered], [Schedule.At(new AnswerAutoClose(request.Id, request.Cycle), policy.AutoCloseAt(now))]);
        return ([resolved, answered], [Schedule.At(new AnswerAutoClose(request.Id, request.Cycle), policy.AutoCloseAt(now))]);
    }
}

public static class ResolveTaskEndpoint
{
    public static ProblemDetails Validate(ResolveInput? body) =>
        body is null ? Validation.NullBody : new Validation().Required("reply", body.Reply, Limits.LongText).Result;

    [WolverinePost("/api/requests/{id}/tasks/{taskId}/resolve", Name = "ResolveTask"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Tasks")]
    public static Task<RequestView> Post(Guid id, Guid taskId, ResolveInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new ResolveTask(id, taskId, body.Reply!, caller));
}
