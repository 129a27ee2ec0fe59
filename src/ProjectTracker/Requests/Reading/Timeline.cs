using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Escalations;
using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Explaining;
using Wolverine.Http;

namespace ProjectTracker.Requests.Reading;

/// <summary>
/// What happened, who did it (null for the system), when. Version is the request stream's; an
/// escalation raised over the request (its own stream) is entered with its EscalationId. Clocks:
/// what the entry did to the request's clocks (Requests/Explaining/ClockChanges); a breach, which no
/// event records, is an entry of its own at the due.
/// </summary>
public sealed record TimelineEntry(long Version, string Event, Guid? By, DateTimeOffset At, object Data, Guid? EscalationId = null,
    IReadOnlyList<Explaining.ClockChange>? Clocks = null);

public static class TimelineEndpoint
{
    [WolverineGet("/api/requests/{id}/timeline", Name = "GetRequestTimeline"), Tags("Requests")]
    public static async Task<IReadOnlyList<TimelineEntry>> Get(Guid id, string? asOf, HttpContext http, IQuerySession session, TimeProvider clock,
        IOptions<DeadlineOptions> options)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var now = clock.GetUtcNow();
        var then = AsOf.From(http, now);
        await session.LoadVisibleAsync(caller, id, ct);
        var events = await session.Events.FetchStreamAsync(id, timestamp: then, token: ct);
        if (events.Count == 0 && then is { } instant) throw AsOf.NotYet($"Request {id}", instant);
        // Missed deadlines are not events of the request (they are derived from its due times): each
        // is entered at its due (ClockChanges), and the escalation it raised when that was raised.
        var raised = session.Query<Escalation>().Where(e => e.RequestId == id);
        if (then is { } until) raised = raised.Where(e => e.RaisedAt <= until);
        var escalations = await raised.ToListAsync(ct);
        var calendars = new CalendarHistory(options.Value.ZoneUtcOffset, await ExplainClocksEndpoint.CalendarEventsAsync(session, then, ct));
        var clocks = ClockExplanation.Explain(id, events, calendars, options.Value, then ?? now);
        return ClockChanges.Annotate(events.Select(e => Entry(e.Version, e.Data)), clocks)
            .Concat(escalations.Select(e => new TimelineEntry(1, nameof(EscalationRaised), null, e.RaisedAt,
                new { e.Kind, e.Level, e.Responsible, e.DueAt, e.Summary }, e.Id)))
            .OrderBy(e => e.At).ToList();
    }

    internal static TimelineEntry Entry(long version, object data) =>
        data is IDomainEvent e
            ? new TimelineEntry(version, data.GetType().Name, e.Actor, e.At, data)
            : new TimelineEntry(version, data.GetType().Name, null, default, data);
}
