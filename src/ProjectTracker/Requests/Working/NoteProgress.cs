using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Working;

public sealed record ProgressInput(string? Note);
public sealed record NoteProgress(Guid RequestId, Guid TaskId, string Note, Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class NoteProgressHandler
{
    public static (UpdatedAggregate, Events) Handle(NoteProgress cmd, Request? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: events, or a refusal.</summary>
    public static Events Decide(NoteProgress cmd, Request? loaded, DateTimeOffset now)
    {
        var request = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(request, cmd.TaskId);
        request.WorkableTask(cmd.TaskId, "note progress");
        return [new TaskProgressNoted(cmd.TaskId, cmd.Note.Trim(), cmd.By.UserId, now)];
    }
}

public static class NoteProgressEndpoint
{
    public static ProblemDetails Validate(ProgressInput? body) =>
        body is null ? Validation.NullBody : new Validation().Required("note", body.Note, Limits.LongText).Result;

    [WolverinePost("/api/requests/{id}/tasks/{taskId}/progress", Name = "NoteTaskProgress"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Tasks")]
    public static Task<RequestView> Post(Guid id, Guid taskId, ProgressInput body, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new NoteProgress(id, taskId, body.Note!, caller));
}
