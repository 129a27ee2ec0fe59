using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Overdue;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Ending;

/// <summary>Out of the zone's scope: the dispatcher answers with the reason, which counts as answered.</summary>
public sealed record RejectRequest(Guid RequestId, string Reason, Caller By) : RequestCommand(RequestId, By);

/// <summary>The enterprise no longer needs help; its clocks stop.</summary>
public sealed record WithdrawRequest(Guid RequestId, string Reason, Caller By) : RequestCommand(RequestId, By);

/// <summary>
/// Ending an open request before it is solved, with a reason: rejected by a dispatcher or withdrawn
/// by its enterprise. Either stops the clocks, so a clock already past its due is judged first.
/// </summary>
[AggregateHandler]
public static class EndRequestHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => Breaches.RetryOnRace(chain);

    public static Task<(UpdatedAggregate, Events)> Handle(RejectRequest cmd, Request? loaded, TimeProvider clock, IDocumentSession session,
        IMessageContext messages, CancellationToken ct) =>
        Judged(loaded, clock.GetUtcNow(), now => Decide(cmd, loaded, now), session, messages, ct);

    public static Task<(UpdatedAggregate, Events)> Handle(WithdrawRequest cmd, Request? loaded, TimeProvider clock, IDocumentSession session,
        IMessageContext messages, CancellationToken ct) =>
        Judged(loaded, clock.GetUtcNow(), now => Decide(cmd, loaded, now), session, messages, ct);

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the rejection, or a refusal.</summary>
    public static Events Decide(RejectRequest cmd, Request? loaded, DateTimeOffset now)
    {
        loaded.SeenBy(cmd).EnsureOpen("reject");
        return [new RequestRejected(cmd.Reason.Trim(), cmd.By.UserId, now)];
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the withdrawal, or a refusal.</summary>
    public static Events Decide(WithdrawRequest cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        var by = cmd.By.EnsureFilerOf(request);
        request.EnsureOpen("withdraw");
        return [new RequestWithdrawn(cmd.Reason.Trim(), by, now)];
    }

    private static async Task<(UpdatedAggregate, Events)> Judged(Request? loaded, DateTimeOffset now, Func<DateTimeOffset, Events> decide,
        IDocumentSession session, IMessageContext messages, CancellationToken ct)
    {
        var events = decide(now);
        await Breaches.JudgeAsync(loaded!, now, session, messages, ct);
        return (new UpdatedAggregate(), events);
    }
}

/// <summary>(Wolverine.Http applies this class's Validate to both endpoints: each reads a reason.)</summary>
public static class EndRequestEndpoints
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/requests/{id}/reject", Name = "RejectRequest"), RequiresIfMatch, Authorize(Roles = Roles.Dispatcher), Tags("Requests")]
    public static Task<RequestView> Reject(Guid id, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new RejectRequest(id, body.Reason!, caller));

    [WolverinePost("/api/requests/{id}/withdraw", Name = "WithdrawRequest"), RequiresIfMatch, Authorize(Roles = Roles.Contact), Tags("Requests")]
    public static Task<RequestView> Withdraw(Guid id, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new WithdrawRequest(id, body.Reason!, caller));
}
