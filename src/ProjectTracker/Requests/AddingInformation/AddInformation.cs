using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.AddingInformation;

public sealed record InformationInput(string? Text, string[]? Attachments);
public sealed record AddInformation(Guid RequestId, string Text, string[] Attachments, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class AddInformationHandler
{
    /// <summary>Information the clock was paused for resumes it.</summary>
    public static (UpdatedAggregate, Events) Handle(AddInformation cmd, Request? loaded, TimeProvider clock, DeadlinePolicy policy, IDocumentSession session)
    {
        var now = clock.GetUtcNow();
        var events = Decide(cmd, loaded, now, policy);
        if (events.OfType<ClockResumed>().FirstOrDefault() is { } resumed)
            Deadlines.Sweeping.DueBehind.NoteIfNear(session, cmd.RequestId, Deadlines.Sweeping.DeadlineKind.Resolution, resumed.ResolutionDue, now);
        return (new UpdatedAggregate(), events);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the information (and the clock resumed), or a refusal.</summary>
    public static Events Decide(AddInformation cmd, Request? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var request = loaded.SeenBy(cmd);
        var by = cmd.By.EnsureFilerOf(request);
        request.EnsureOpen("add information");
        var added = new InformationAdded(cmd.Text.Trim(), cmd.Attachments, by, now);
        return Pausing.ResumeClockHandler.Resumption(request, policy, by, now) is { } resumed ? [added, resumed] : [added];
    }
}

public static class AddInformationEndpoint
{
    public static ProblemDetails Validate(InformationInput? body) => body is null ? Validation.NullBody : new Validation()
        .Required("text", body.Text, Limits.LongText)
        .Count("attachments", body.Attachments, 0, 20)
        .When(body.Attachments?.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > Limits.Reference) == true,
            "attachments", $"Each attachment reference is 1 to {Limits.Reference} characters.").Result;

    [WolverinePost("/api/requests/{id}/information", Name = "AddInformation"), RequiresIfMatch, Authorize(Roles = Roles.Contact), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, InformationInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new AddInformation(id, body.Text!, body.Attachments ?? [], caller));
}
