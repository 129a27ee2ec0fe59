using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Directory;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Reading;

/// <summary>
/// What happened, who did it (null for the system), when. Version is the request stream's; an
/// escalation raised over the request (its own stream) is entered with its EscalationId.
/// </summary>
public sealed record TimelineEntry(long Version, string Event, Guid? By, DateTimeOffset At, object Data, Guid? EscalationId = null);

public static class TimelineEndpoint
{
    [WolverineGet("/api/requests/{id}/timeline", Name = "GetRequestTimeline"), Tags("Requests")]
    [ProducesResponseType<IReadOnlyList<TimelineEntry>>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IReadOnlyList<TimelineEntry>> Get(Guid id, string? asOf, HttpContext http, IQuerySession session, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var then = AsOf.From(http, clock.GetUtcNow());
        await session.LoadVisibleAsync(caller, id, ct);
        var events = await session.Events.FetchStreamAsync(id, timestamp: then, token: ct);
        if (events.Count == 0 && then is { } instant) throw AsOf.NotYet($"Request {id}", instant);
        // Missed deadlines are not events of the request (they are derived from its due times):
        // the escalations they raised stand in for them, in time order.
        var raised = session.Query<Escalation>().Where(e => e.RequestId == id);
        if (then is { } until) raised = raised.Where(e => e.RaisedAt <= until);
        var escalations = await raised.ToListAsync(ct);
        return events.Select(e => Entry(e.Version, e.Data))
            .Concat(escalations.Select(e => new TimelineEntry(1, nameof(EscalationRaised), null, e.RaisedAt,
                new { e.Kind, e.Level, e.Responsible, e.DueAt, e.Summary }, e.Id)))
            .OrderBy(e => e.At).ToList();
    }

    internal static TimelineEntry Entry(long version, object data)
    {
        var (by, at) = data switch
        {
            RequestFiled e => ((Guid?)e.ContactId, e.At),
            InformationAdded e => (e.By, e.At),
            TasksDispatched e => (e.By, e.At),
            TaskAccepted e => (e.By, e.At),
            TaskProgressNoted e => (e.By, e.At),
            TaskResolved e => (e.By, e.At),
            TaskHandedBack e => (e.By, e.At),
            TaskTransferred e => (e.By, e.At),
            ClockPaused e => (e.By, e.At),
            ClockResumed e => (e.By, e.At),
            ClockRecomputed e => (null, e.At),
            ClockAtRisk e => (null, e.At),
            TaskAtRisk e => (null, e.At),
            RequestAnswered e => (null, e.At),
            AnswerConfirmed e => (e.By, e.At),
            RequestReopened e => (e.By, e.At),
            RequestAutoClosed e => (null, e.At),
            RequestWithdrawn e => (e.By, e.At),
            RequestRejected e => (e.By, e.At),
            _ => ((Guid?)null, default(DateTimeOffset)),
        };
        return new TimelineEntry(version, data.GetType().Name, by, at, data);
    }
}
