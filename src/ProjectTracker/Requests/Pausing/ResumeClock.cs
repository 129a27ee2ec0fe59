using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Pausing;

/// <summary>
/// The clock runs again: the contact added the information (AddInformation resumes it), or the
/// one who paused it received it by other means. Every due moves later by exactly the working
/// time the clock was paused; recomputing from the due, not from the filing, keeps earlier pauses.
/// </summary>
public sealed record ResumeClock(Guid RequestId, Access.Caller By) : RequestCommand(RequestId, By);

[AggregateHandler]
public static class ResumeClockHandler
{
    public static (UpdatedAggregate, Events) Handle(ResumeClock cmd, Request? loaded, TimeProvider clock, DeadlinePolicy policy, IDocumentSession session)
    {
        var now = clock.GetUtcNow();
        var resumed = Decide(cmd, loaded, now, policy);
        Deadlines.Sweeping.DueBehind.NoteIfNear(session, cmd.RequestId, Deadlines.Sweeping.DeadlineKind.Resolution, resumed.ResolutionDue, now);
        return (new UpdatedAggregate(), [resumed]);
    }

    /// <summary>The decision, on the request as loaded, at <paramref name="now"/>: the resumption, or a refusal.</summary>
    public static ClockResumed Decide(ResumeClock cmd, Request? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var request = loaded.SeenBy(cmd);
        cmd.By.EnsureMayPause(request);
        request.EnsureOpen("resume the clock");
        return Resumption(request, policy, cmd.By.UserId, now) ?? throw Refusal.Conflict($"The clock of request {request.Number} is not paused.");
    }

    /// <summary>Pure but for the policy's calendar: null when the clock is not paused.</summary>
    public static ClockResumed? Resumption(Request request, DeadlinePolicy policy, Guid? by, DateTimeOffset now)
    {
        if (request.Resolution.PausedAt is not { } pausedAt) return null;
        return new ClockResumed(pausedAt, policy.ResolutionPausedFor(pausedAt, now), policy.ResolutionResumed(request.Resolution.Due, pausedAt, now),
            [.. request.Tasks.Where(t => t.IsActive).Select(t => new TaskDue(t.Id, policy.ResolutionResumed(t.Due, pausedAt, now),
                policy.AtRiskResumed(t.AtRiskAt, pausedAt, now)))],
            by, now, policy.AtRiskResumed(request.Resolution.AtRiskAt, pausedAt, now));
    }
}

public static class ResumeClockEndpoint
{
    [WolverinePost("/api/requests/{id}/resume", Name = "ResumeClock"), RequiresIfMatch, Authorize(Roles = $"{Roles.Dispatcher},{Roles.Staff},{Roles.Lead},{Roles.Supervisor}"), Tags("Requests")]
    public static Task<RequestView> Post(Guid id, HttpContext http, IMessageBus bus) =>
        http.ActAsync(bus, caller => new ResumeClock(id, caller));
}
