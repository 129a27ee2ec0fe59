using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Explaining;

/// <summary>
/// How every due time of a request was reached, step by step, each step naming its event; the dues
/// are counted again on every read from the request's events and the calendar's own streams, and
/// a due that differs from the one stored is logged as an error and shown.
/// </summary>
public static class ExplainClocksEndpoint
{
    [WolverineGet("/api/requests/{id}/clocks", Name = "ExplainClocks"), Tags("Requests")]
    public static async Task<ClocksExplained> Get(Guid id, string? asOf, HttpContext http, IQuerySession session, TimeProvider clock,
        IOptions<DeadlineOptions> options, ILogger<ClocksExplained> log)
    {
        var ct = http.RequestAborted;
        var now = clock.GetUtcNow();
        var then = AsOf.From(http, now);
        await session.LoadVisibleAsync(http.Caller(), id, ct);
        var events = await session.Events.FetchStreamAsync(id, timestamp: then, token: ct);
        if (events.Count == 0 && then is { } instant) throw AsOf.NotYet($"Request {id}", instant);
        var calendars = new CalendarHistory(options.Value.ZoneUtcOffset, await CalendarEventsAsync(session, then, ct));
        var explained = ClockExplanation.Explain(id, events, calendars, options.Value, then ?? now);
        foreach (var m in explained.Mismatches)
            log.LogError("Clock {Clock} (cycle {Cycle}, task {TaskId}) of request {RequestId}: the due stored by version {Version} (sequence {Sequence}) " +
                "is {Stored:O}, counted again {Recomputed:O}", m.Clock, m.Cycle, m.TaskId, id, m.Event.Version, m.Event.Sequence, m.Stored, m.Recomputed);
        return explained;
    }

    /// <summary>The events of the zone's calendar-year streams (a few per year), up to <paramref name="asOf"/> when given.</summary>
    public static async Task<IReadOnlyList<JasperFx.Events.IEvent>> CalendarEventsAsync(IQuerySession session, DateTimeOffset? asOf, CancellationToken ct)
    {
        var years = await session.Query<CalendarYear>().Where(y => y.Zone == ZoneCalendars.DefaultZone).Select(y => y.Id).ToListAsync(ct);
        var events = new List<JasperFx.Events.IEvent>();
        foreach (var year in years) events.AddRange(await session.Events.FetchStreamAsync(year, timestamp: asOf, token: ct));
        return events;
    }
}
