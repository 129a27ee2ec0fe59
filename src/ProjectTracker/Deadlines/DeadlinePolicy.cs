using Microsoft.Extensions.Options;

namespace ProjectTracker.Deadlines;

/// <summary>Durations of the "1-3 day" promise (configuration section Deadlines).</summary>
public sealed class DeadlineOptions
{
    public TimeSpan DispatchWithin { get; set; } = TimeSpan.FromDays(1);
    public TimeSpan ResolveWithin { get; set; } = TimeSpan.FromDays(3);
    public TimeSpan AutoCloseAnsweredAfter { get; set; } = TimeSpan.FromDays(7);
    /// <summary>Milestones fall due at the end of their planned day in the zone's time (UTC+8).</summary>
    public TimeSpan ZoneUtcOffset { get; set; } = TimeSpan.FromHours(8);
    /// <summary>How often each node looks for request deadlines fallen due (besides waking at the next one it knows).</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Sweeps running side by side on each node, each over its own share of the requests.</summary>
    public int SweepLanes { get; set; } = 2;
    /// <summary>
    /// How far ahead a sweep reads the requests about to fall due, so that at the due time only the
    /// decisions and writes remain. Kept under a quarter of the shortest deadline (see DeadlineSweeper).
    /// </summary>
    public TimeSpan SweepLookAhead { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The one place that computes due times. Handlers ask it and never add durations themselves,
/// so working-day calendars or paused clocks can come later without touching them.
/// </summary>
public sealed class DeadlinePolicy(IOptions<DeadlineOptions> options)
{
    private DeadlineOptions O => options.Value;

    public DateTimeOffset DispatchDue(DateTimeOffset filedAt) => filedAt + O.DispatchWithin;
    public DateTimeOffset ResolutionDue(DateTimeOffset clockStart) => clockStart + O.ResolveWithin;
    public DateTimeOffset AutoCloseAt(DateTimeOffset answeredAt) => answeredAt + O.AutoCloseAnsweredAfter;

    /// <summary>A task dispatched on a request already past its 3 days still gets a due time: a day.</summary>
    public DateTimeOffset OverdueTaskDue(DateTimeOffset now) => now + O.DispatchWithin;

    public DateTimeOffset MilestoneDue(DateOnly planned) =>
        new DateTimeOffset(planned.ToDateTime(TimeOnly.MinValue), O.ZoneUtcOffset).AddDays(1);
}
