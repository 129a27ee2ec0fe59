using Marten;
using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Deadlines.Sweeping;

namespace ProjectTracker.Requests.Recomputing;

/// <summary>
/// A calendar date changed after clocks were started (a holiday announced late, a day made
/// working): every open clock of the zone that runs across that date is counted again from the
/// request's own events (its start and the pauses that ended) on the corrected calendar, and the
/// new due is an event naming the change. A breach already raised stays on record; a due that
/// now falls behind the sweep is noted for it (<see cref="DueBehind"/>), so it still escalates once.
/// </summary>
public static class RecomputeClocksHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => ProjectTracker.Deadlines.DatabaseOutage.RetryThrough(chain);

    public static async Task Handle(CalendarCorrected changed, IDocumentSession session, IOptions<DeadlineOptions> options, TimeProvider clock,
        ILogger<CalendarCorrected> log, CancellationToken ct)
    {
        // The corrected calendar from the database: this node's kept copy may not have caught up yet.
        var years = await session.Query<CalendarYear>().Where(y => y.Zone == changed.Zone).ToListAsync(ct);
        var calendar = new WorkingCalendar(options.Value.ZoneUtcOffset, years.Select(y => y.ToDays()));
        var dayStart = new DateTimeOffset(changed.Date.ToDateTime(TimeOnly.MinValue), options.Value.ZoneUtcOffset);
        var open = await session.Query<Request>()
            .Where(r => (r.Status == RequestStatus.Filed || r.Status == RequestStatus.Dispatched) && (r.Dispatch.Due >= dayStart || r.Resolution.Due >= dayStart))
            .ToListAsync(ct);

        var now = clock.GetUtcNow();
        var cause = new CalendarCause(changed.CalendarId, changed.Version, changed.Date, changed.Reason);
        var moved = 0;
        foreach (var request in open)
        {
            var events = Decide(request, options.Value, calendar, cause, dayStart.AddDays(1), now);
            if (events.Count == 0) continue;
            session.Events.Append(request.Id, request.Version + events.Count, [.. events]);
            foreach (var e in events) DueBehind.NoteIfNear(session, request.Id, e.Clock, e.Due, now);
            moved++;
        }
        log.LogInformation("Calendar date {Date} changed: {Moved} of {Open} open requests' clocks recomputed", changed.Date, moved, open.Count);
    }

    /// <summary>Pure: the open clocks that start before the changed date ends, counted again; only those whose due moves.</summary>
    public static IReadOnlyList<ClockRecomputed> Decide(Request request, DeadlineOptions rules, WorkingCalendar calendar, CalendarCause cause,
        DateTimeOffset dayEnd, DateTimeOffset now)
    {
        var events = new List<ClockRecomputed>();
        if (request.PendingDispatchDue is { } dispatchDue && request.Dispatch.StartedAt < dayEnd
            && rules.Dispatch.DueFrom(request.Dispatch.StartedAt, calendar).At is var dispatch && dispatch != dispatchDue)
            events.Add(new ClockRecomputed(DeadlineKind.Dispatch, dispatchDue, dispatch, cause, now,
                rules.Dispatch.AtRiskFrom(request.Dispatch.StartedAt, calendar, rules.AtRiskShare).At));

        var r = request.Resolution;
        if (request.IsOpen && r.MetAt is null && r.StartedAt < dayEnd)
        {
            var due = rules.Resolution.DueFrom(r.StartedAt, calendar).At;
            var atRisk = rules.Resolution.AtRiskFrom(r.StartedAt, calendar, rules.AtRiskShare).At;
            foreach (var span in r.PauseSpans)
            {
                due = rules.Resolution.Shift(due, span.PausedAt, span.ResumedAt, calendar).At;
                atRisk = rules.Resolution.Shift(atRisk, span.PausedAt, span.ResumedAt, calendar).At;
            }
            // Tasks due with the request (the default) move with it; a due the dispatcher chose stays.
            TaskDue[] tasks = [.. request.Tasks.Where(t => t.IsActive && t.Due == r.Due).Select(t => new TaskDue(t.Id, due, atRisk))];
            if (due != r.Due) events.Add(new ClockRecomputed(DeadlineKind.Resolution, r.Due, due, cause, now, atRisk, tasks));
        }
        return events;
    }
}
