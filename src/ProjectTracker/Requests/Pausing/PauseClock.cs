using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Working;
using ProjectTracker.Requests.Overdue;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Pausing;

/// <summary>
/// 时限中止: the enterprise owes information (补充材料), so the resolution clock and the tasks' dues
/// stop until it arrives. The dispatch clock does not pause. A pause is where a late request is
/// easiest to hide: each is an event with a reason, and beyond <see cref="DeadlineOptions.PausesBeforeApproval"/>
/// pauses of one request only a supervisor may pause it.
/// </summary>
public sealed record PauseClock(Guid RequestId, string Reason, Access.Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class PauseClockHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => Overdue.Breaches.RetryOnRace(chain);

    public static async Task<(UpdatedAggregate, Events)> Handle(PauseClock cmd, Request? loaded, TimeProvider clock, IOptions<DeadlineOptions> options,
        IDocumentSession session, IMessageContext messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var paused = Decide(cmd, loaded, now, options.Value.PausesBeforeApproval);
        await Breaches.JudgeAsync(loaded!, now, session, messages, ct);
        return (new UpdatedAggregate(), [paused]);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the pause, or a refusal.</summary>
    public static ClockPaused Decide(PauseClock cmd, Request? loaded, DateTimeOffset now, int pausesBeforeApproval)
    {
        var request = loaded.SeenBy(cmd);
        cmd.By.EnsureMayPause(request);
        request.EnsureOpen("pause the clock");
        if (request.Resolution.PausedAt is { } since)
            throw Refusal.Conflict($"The clock of request {request.Number} is paused already (since {since:O}).");
        if (request.Pauses >= pausesBeforeApproval && !cmd.By.Is(Roles.Supervisor))
            throw Refusal.Forbidden($"Request {request.Number} was paused {request.Pauses} times already: a further pause needs a supervisor.");
        return new ClockPaused(cmd.Reason.Trim(), cmd.By.UserId, now);
    }
}

public static class PauseClockEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    /// <summary>A dispatcher, the staff of a unit holding one of its tasks, or a supervisor asks the enterprise for information.</summary>
    [WolverinePost("/api/requests/{id}/pause", Name = "PauseClock"), RequiresIfMatch, Authorize(Roles = $"{Roles.Dispatcher},{Roles.Staff},{Roles.Lead},{Roles.Supervisor}"), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new PauseClock(id, body.Reason!, caller));

    public static void EnsureMayPause(this Access.Caller caller, Request request)
    {
        if (!caller.Is(Roles.Dispatcher) && !caller.Is(Roles.Supervisor) && !request.Tasks.Any(t => t.IsActive && caller.WorksFor(t.AssigneeId)))
            throw Refusal.Forbidden("Only a dispatcher, a supervisor or the holder of one of the request's open tasks may pause or resume its clock.");
    }
}
