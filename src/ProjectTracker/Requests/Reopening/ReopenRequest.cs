using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Reopening;

public sealed record ReopenRequest(Guid RequestId, string Reason, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class ReopenRequestHandler
{
    /// <summary>Unsatisfied: the tasks open again and a new 3-day resolution clock starts from now.</summary>
    public static (UpdatedAggregate, Events) Handle(ReopenRequest cmd, Request? loaded, TimeProvider clock, DeadlinePolicy policy) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow(), policy));

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(ReopenRequest cmd, Request? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var request = loaded.SeenBy(cmd);
        var by = cmd.By.EnsureFilerOf(request);
        if (request.Status != RequestStatus.Answered)
            throw Refusal.Conflict($"Only an answered request can be reopened; {request.Number} is {request.Status}.");
        return [new RequestReopened(cmd.Reason.Trim(), request.Cycle + 1, policy.ResolutionDue(now), by, now, policy.ResolutionAtRisk(now))];
    }
}

public static class ReopenRequestEndpoint
{
    public static ProblemDetails Validate(ReasonInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/requests/{id}/reopen", Name = "ReopenRequest"), RequiresIfMatch, Authorize(Roles = Roles.Contact), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, ReasonInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new ReopenRequest(id, body.Reason!, caller));
}
