using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines.Calendars;

namespace ProjectTracker.Deadlines;

/// <summary>How a clock's length is counted. Chinese time limits (办理时限) count working days unless a rule says natural days.</summary>
public enum ClockUnit { WorkingDays, WorkingHours, CalendarDays, CalendarHours }

/// <summary>One clock's length: e.g. 1 working day for dispatch.</summary>
public sealed class ClockRule
{
    public double Length { get; set; }
    public ClockUnit Unit { get; set; }

    public static ClockRule Of(double length, ClockUnit unit) => new() { Length = length, Unit = unit };

    public bool CountsWorkingTime => Unit is ClockUnit.WorkingDays or ClockUnit.WorkingHours;

    /// <summary>
    /// The clock's length in working time (working units) or elapsed time (calendar units). A
    /// working day is the business hours of one day (whole day by default, so one working day ends
    /// at the same time of day on the next working day).
    /// </summary>
    public TimeSpan Span(WorkingCalendar calendar, int year) => Unit switch
    {
        ClockUnit.WorkingDays => Round(calendar.DayLength(year) * Length),
        ClockUnit.WorkingHours or ClockUnit.CalendarHours => Round(TimeSpan.FromHours(Length)),
        ClockUnit.CalendarDays => Round(TimeSpan.FromDays(Length)),
        _ => throw new ArgumentOutOfRangeException(nameof(Unit)),
    };

    /// <summary>
    /// Pure: the due instant of a clock started at <paramref name="start"/>. Working-time clocks
    /// started outside working time count from its next start.
    /// </summary>
    public WorkingInstant DueFrom(DateTimeOffset start, WorkingCalendar calendar)
    {
        var span = Span(calendar, start.ToOffset(calendar.ZoneOffset).Year);
        return CountsWorkingTime ? calendar.Add(start, span) : new WorkingInstant(start + span, []);
    }

    /// <summary>Pure: when a clock started at <paramref name="start"/> has run <paramref name="share"/> of its length.</summary>
    public WorkingInstant AtRiskFrom(DateTimeOffset start, WorkingCalendar calendar, double share)
    {
        var span = TimeSpan.FromMilliseconds(Math.Round(Span(calendar, start.ToOffset(calendar.ZoneOffset).Year).TotalMilliseconds * share));
        return CountsWorkingTime ? calendar.Add(start, span) : new WorkingInstant(start + span, []);
    }

    /// <summary>
    /// Pure: where a due time moves when the clock was paused from <paramref name="pausedAt"/> to
    /// <paramref name="resumedAt"/>: later by exactly the working (or, for calendar clocks, elapsed) time paused.
    /// </summary>
    public WorkingInstant Shift(DateTimeOffset due, DateTimeOffset pausedAt, DateTimeOffset resumedAt, WorkingCalendar calendar)
    {
        if (!CountsWorkingTime) return new WorkingInstant(due + (resumedAt - pausedAt), []);
        var paused = calendar.Between(pausedAt, resumedAt);
        return paused <= TimeSpan.Zero ? new WorkingInstant(due, []) : calendar.Add(due, paused);
    }

    // Due times are evidence: whole milliseconds, as PostgreSQL and JSON keep them.
    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromMilliseconds(Math.Round(t.TotalMilliseconds));

    public override string ToString() => $"{Length} {Unit}";
}

/// <summary>The "1-3 day" promise and the deadline machinery (configuration section Deadlines).</summary>
public sealed class DeadlineOptions
{
    /// <summary>分解推送 within 1 working day.</summary>
    public ClockRule Dispatch { get; set; } = ClockRule.Of(1, ClockUnit.WorkingDays);
    /// <summary>解决答复 within 3 working days (from filing, or from a reopening).</summary>
    public ClockRule Resolution { get; set; } = ClockRule.Of(3, ClockUnit.WorkingDays);
    /// <summary>An answer the enterprise neither confirms nor reopens closes itself after 7 calendar days.</summary>
    public ClockRule AutoClose { get; set; } = ClockRule.Of(7, ClockUnit.CalendarDays);
    /// <summary>China Standard Time: the zone's dates, working days and milestone days are local to it.</summary>
    public TimeSpan ZoneUtcOffset { get; set; } = TimeSpan.FromHours(8);
    /// <summary>How often each node looks for request deadlines fallen due (besides waking at the next one it knows).</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Sweeps running side by side on each node, each over its own share of the requests; 0: this node does not sweep.</summary>
    public int SweepLanes { get; set; } = 2;
    /// <summary>
    /// How far ahead a sweep reads the requests about to fall due, so that at the due time only the
    /// decisions and writes remain. Kept under a quarter of the shortest deadline (see DeadlineSweeper).
    /// </summary>
    public TimeSpan SweepLookAhead { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Pauses of one request anyone handling it may make; further ones only a supervisor.</summary>
    public int PausesBeforeApproval { get; set; } = 2;
    /// <summary>The share of a clock after which its request or task is marked at risk (a warning before the breach).</summary>
    public double AtRiskShare { get; set; } = 0.75;

    /// <summary>No clock ends sooner after its start than this: working time never runs faster than elapsed time.</summary>
    public TimeSpan ShortestClock(WorkingCalendar calendar, int year) =>
        new[] { Dispatch, Resolution }.Min(r => r.Span(calendar, year));
}

/// <summary>
/// The one place that computes due times. Handlers ask it and never add durations themselves.
/// It combines the configured clock rules with the zone's working calendar as it stands now
/// (<see cref="ZoneCalendars"/>: kept in memory, so filing reads nothing to compute a due time).
/// A due time counted through a year with no calendar loaded is logged as a warning.
/// </summary>
public sealed class DeadlinePolicy(IOptions<DeadlineOptions> options, ZoneCalendars calendars, ILogger<DeadlinePolicy> log)
{
    private DeadlineOptions O => options.Value;

    public WorkingCalendar Calendar => calendars.Current;

    public DateTimeOffset DispatchDue(DateTimeOffset filedAt) => Due(O.Dispatch, filedAt);
    public DateTimeOffset ResolutionDue(DateTimeOffset clockStart) => Due(O.Resolution, clockStart);
    public DateTimeOffset AutoCloseAt(DateTimeOffset answeredAt) => Due(O.AutoClose, answeredAt);

    /// <summary>A task dispatched on a request already past its 3 days still gets a due time: the dispatch clock's length.</summary>
    public DateTimeOffset OverdueTaskDue(DateTimeOffset now) => Due(O.Dispatch, now);

    /// <summary>The resolution clock's due after a pause: later by the working time paused.</summary>
    public DateTimeOffset ResolutionResumed(DateTimeOffset due, DateTimeOffset pausedAt, DateTimeOffset resumedAt) =>
        Said(O.Resolution.Shift(due, pausedAt, resumedAt, Calendar), O.Resolution);

    public DateTimeOffset DispatchAtRisk(DateTimeOffset filedAt) => Said(O.Dispatch.AtRiskFrom(filedAt, Calendar, O.AtRiskShare), O.Dispatch);
    public DateTimeOffset ResolutionAtRisk(DateTimeOffset clockStart) => Said(O.Resolution.AtRiskFrom(clockStart, Calendar, O.AtRiskShare), O.Resolution);

    /// <summary>A task is at risk at the same share of the way from its dispatch to its own due, counted like the resolution clock.</summary>
    public DateTimeOffset TaskAtRisk(DateTimeOffset dispatchedAt, DateTimeOffset due)
    {
        if (!O.Resolution.CountsWorkingTime) return dispatchedAt + (due - dispatchedAt) * O.AtRiskShare;
        var share = TimeSpan.FromMilliseconds(Math.Round(Calendar.Between(dispatchedAt, due).TotalMilliseconds * O.AtRiskShare));
        return Calendar.Add(dispatchedAt, share).At;
    }

    /// <summary>An at-risk instant after a pause: moved like the due. Null when already marked (nothing left to mark).</summary>
    public DateTimeOffset? AtRiskResumed(DateTimeOffset? atRisk, DateTimeOffset pausedAt, DateTimeOffset resumedAt) =>
        atRisk is { } at ? O.Resolution.Shift(at, pausedAt, resumedAt, Calendar).At : null;

    /// <summary>The time a pause took out of the resolution clock, in its own unit's terms.</summary>
    public TimeSpan ResolutionPausedFor(DateTimeOffset pausedAt, DateTimeOffset resumedAt) =>
        O.Resolution.CountsWorkingTime ? Calendar.Between(pausedAt, resumedAt) : resumedAt - pausedAt;

    public DateTimeOffset MilestoneDue(DateOnly planned) =>
        new DateTimeOffset(planned.ToDateTime(TimeOnly.MinValue), O.ZoneUtcOffset).AddDays(1);

    private DateTimeOffset Due(ClockRule rule, DateTimeOffset start) => Said(rule.DueFrom(start, Calendar), rule);

    private DateTimeOffset Said(WorkingInstant due, ClockRule rule)
    {
        if (due.AssumedYears.Length > 0 && calendars.FirstUncovered(due.AssumedYears))
            log.LogWarning("No working calendar is loaded for {Years}: {Rule} clocks there count weekends only (load the year at POST /api/calendars)",
                string.Join(", ", due.AssumedYears), rule);
        return due.At;
    }
}
