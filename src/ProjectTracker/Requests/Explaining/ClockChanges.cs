using ProjectTracker.Requests.Reading;

namespace ProjectTracker.Requests.Explaining;

/// <summary>One clock's change at a timeline entry: which clock, what happened to it, its due after.</summary>
public sealed record ClockChange(ClockName Clock, int Cycle, Guid? TaskId, ClockStepKind Change, DateTimeOffset Due);

/// <summary>What a missed due adds to the timeline: no event records it (it is derived from the due), so it is entered at the due.</summary>
public sealed record ClockBreached(ClockName Clock, int Cycle, Guid? TaskId, DateTimeOffset Due);

public static class ClockChanges
{
    public const string Breached = nameof(ClockBreached);

    /// <summary>
    /// Pure: each entry of the request's own events with the clock changes it made (started, paused,
    /// resumed, at risk, recomputed, met, ...), and an entry for each breach at its due, naming (by
    /// version) the event that set the due that passed.
    /// </summary>
    public static IEnumerable<TimelineEntry> Annotate(IEnumerable<TimelineEntry> entries, ClocksExplained clocks)
    {
        var steps = clocks.Clocks.SelectMany(c => c.Steps.Select(s => (Clock: c, Step: s, Change: new ClockChange(c.Clock, c.Cycle, c.TaskId, s.Step, s.Due)))).ToList();
        var byVersion = steps.Where(s => s.Step.Step != ClockStepKind.Breached).ToLookup(s => s.Step.Event.Version, s => s.Change);
        return entries.Select(e => e.EscalationId is null && byVersion[e.Version].ToList() is { Count: > 0 } changes ? e with { Clocks = changes } : e)
            .Concat(steps.Where(s => s.Step.Step == ClockStepKind.Breached).Select(s => new TimelineEntry(s.Step.Event.Version, Breached, null, s.Step.At,
                new ClockBreached(s.Clock.Clock, s.Clock.Cycle, s.Clock.TaskId, s.Step.Due), Clocks: [s.Change])));
    }
}
