using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Overdue;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Rejecting;

/// <summary>Out of the zone's scope: the dispatcher answers with the reason, which counts as answered.</summary>
public sealed record RejectRequest(Guid RequestId, string Reason, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class RejectRequestHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => Overdue.Breaches.RetryOnRace(chain);

    public static async Task<(UpdatedAggregate, Events)> Handle(RejectRequest cmd, Request? loaded, TimeProvider clock, IDocumentSession session, IMessageContext messages,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = Decide(cmd, loaded, now);
        await Breaches.JudgeAsync(loaded!, now, session, messages, ct);
        return (new UpdatedAggregate(), events);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the rejection, or a refusal.</summary>
    public static Events Decide(RejectRequest cmd, Request? loaded, DateTimeOffset now)
    {
        loaded.SeenBy(cmd).EnsureOpen("reject");
        return [new RequestRejected(cmd.Reason.Trim(), cmd.By.UserId, now)];
    }
}

public static class RejectRequestEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/requests/{id}/reject", Name = "RejectRequest"), RequiresIfMatch, Authorize(Roles = Roles.Dispatcher), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new RejectRequest(id, body.Reason!, caller));
}
