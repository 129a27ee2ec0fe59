using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Overdue;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Withdrawing;

/// <summary>The enterprise no longer needs help; its clocks stop.</summary>
public sealed record WithdrawRequest(Guid RequestId, string Reason, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class WithdrawRequestHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => Overdue.Breaches.RetryOnRace(chain);

    public static async Task<(UpdatedAggregate, Events)> Handle(WithdrawRequest cmd, Request? loaded, TimeProvider clock, IDocumentSession session,
        IMessageContext messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = Decide(cmd, loaded, now);
        await Breaches.JudgeAsync(loaded!, now, session, messages, ct);
        return (new UpdatedAggregate(), events);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the withdrawal, or a refusal.</summary>
    public static Events Decide(WithdrawRequest cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        var by = cmd.By.EnsureFilerOf(request);
        request.EnsureOpen("withdraw");
        return [new RequestWithdrawn(cmd.Reason.Trim(), by, now)];
    }
}

public static class WithdrawRequestEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/requests/{id}/withdraw", Name = "WithdrawRequest"), RequiresIfMatch, Authorize(Roles = Roles.Contact), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new WithdrawRequest(id, body.Reason!, caller));
}
