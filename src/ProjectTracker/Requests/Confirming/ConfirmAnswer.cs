using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Confirming;

public sealed record ConfirmInput(int? Satisfaction, string? Comment);
public sealed record ConfirmAnswer(Guid RequestId, int Satisfaction, string? Comment, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class ConfirmAnswerHandler
{
    public static (UpdatedAggregate, Events) Handle(ConfirmAnswer cmd, Request? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(ConfirmAnswer cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        var by = cmd.By.EnsureFilerOf(request);
        return request.Status == RequestStatus.Answered
            ? [new AnswerConfirmed(cmd.Satisfaction, cmd.Comment?.Trim(), by, now)]
            : throw Refusal.Conflict($"Only an answered request can be confirmed; {request.Number} is {request.Status}.");
    }
}

public static class ConfirmAnswerEndpoint
{
    public static ProblemDetails Validate(ConfirmInput? body) => body is null ? Validation.NullBody : new Validation()
        .Required("satisfaction", body.Satisfaction)
        .When(body.Satisfaction is < 1 or > 5, "satisfaction", "satisfaction is a score from 1 to 5.")
        .Optional("comment", body.Comment, Limits.ShortText).Result;

    /// <summary>The enterprise accepts the answer with a satisfaction score; the request closes.</summary>
    [WolverinePost("/api/requests/{id}/confirm", Name = "ConfirmAnswer"), RequiresIfMatch, Authorize(Roles = Roles.Contact), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, ConfirmInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new ConfirmAnswer(id, body.Satisfaction!.Value, body.Comment, caller));
}
