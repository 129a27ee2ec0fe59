using JasperFx.Events;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Directory;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Explaining;

namespace ProjectTracker.Tests.Requests.Explaining;

/// <summary>The explanation itself, pure: events, calendar events, rules and an instant in; the clocks out.</summary>
public class ClockExplanationTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private static DateTimeOffset At(string local) => DateTimeOffset.Parse(local + "+08:00");
    private static readonly DeadlineOptions Rules = new();
    private static readonly Guid RequestId = Guid.NewGuid(), CalendarId = Guid.NewGuid(), Contact = Guid.NewGuid();

    private long _sequence;
    private readonly List<IEvent> _request = [], _calendar = [];

    private void Request(object data) => _request.Add(new Event<object>(data) { StreamId = RequestId, Version = _request.Count + 1, Sequence = ++_sequence });
    private void Calendar(object data) => _calendar.Add(new Event<object>(data) { StreamId = CalendarId, Version = _calendar.Count + 1, Sequence = ++_sequence });

    private ClocksExplained Explain(string local) =>
        ClockExplanation.Explain(RequestId, _request, new CalendarHistory(Cst, _calendar), Rules, At(local));

    private void File(string local, string dispatchDue, string resolutionDue) => Request(new RequestFiled(RequestId, "R-1", Guid.NewGuid(), Contact,
        Category.Funding, "t", "d", null, [], null, [], At(local), At(dispatchDue), At(resolutionDue)));

    [Fact]
    public void a_pause_moves_the_due_by_the_working_time_paused_and_used_and_left_add_up_to_the_clock()
    {
        // No calendar: weekends only. Filed Mon 09:00 (2030-03-04), due Thu 09:00; paused Tue 09:00 to Thu 09:00 (48 working hours).
        File("2030-03-04T09:00:00", "2030-03-05T09:00:00", "2030-03-07T09:00:00");
        Request(new ClockPaused("Need the lease", Contact, At("2030-03-05T09:00:00")));
        Request(new ClockResumed(At("2030-03-05T09:00:00"), TimeSpan.FromHours(48), At("2030-03-11T09:00:00"), [], null, At("2030-03-07T09:00:00")));

        var explained = Explain("2030-03-11T08:00:00");

        Assert.True(explained.Consistent);
        var resolution = explained.Clocks.Single(c => c.Clock == ClockName.Resolution);
        Assert.Equal([ClockStepKind.Started, ClockStepKind.Paused, ClockStepKind.Resumed], resolution.Steps.Select(s => s.Step));
        Assert.Equal(At("2030-03-11T09:00:00"), resolution.Steps[2].Recomputed);   // the weekend is not working time
        Assert.Equal([new CalendarVersion(2030, null)], resolution.Steps[0].Calendar!);
        Assert.Equal((ClockOutcome.Running, TimeSpan.FromHours(71), TimeSpan.FromHours(1)), (resolution.Outcome, resolution.Used, resolution.Left));
        Assert.Equal(TimeSpan.FromHours(72), resolution.Used + resolution.Left);
        // The dispatch clock does not pause: unmet past its due, it is breached at the due, named by the event that set it.
        var dispatch = explained.Clocks.Single(c => c.Clock == ClockName.Dispatch);
        Assert.Equal((ClockOutcome.Breached, At("2030-03-05T09:00:00")), (dispatch.Outcome, dispatch.BreachedAt!.Value));
        Assert.Equal((ClockStepKind.Breached, 1L), (dispatch.Steps[^1].Step, dispatch.Steps[^1].Event.Version));
    }

    [Fact]
    public void a_paused_clock_stands_still_past_its_old_due()
    {
        File("2030-03-04T09:00:00", "2030-03-05T09:00:00", "2030-03-07T09:00:00");
        Request(new ClockPaused("Need the lease", Contact, At("2030-03-05T09:00:00")));

        var resolution = Explain("2030-03-12T09:00:00").Clocks.Single(c => c.Clock == ClockName.Resolution);

        Assert.Equal((ClockOutcome.Paused, (DateTimeOffset?)null), (resolution.Outcome, resolution.BreachedAt));
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromHours(48)), (resolution.Used, resolution.Left));
    }

    [Fact]
    public void a_due_the_rule_and_the_calendar_do_not_give_is_a_mismatch_naming_its_event()
    {
        File("2030-03-04T09:00:00", "2030-03-05T10:00:00", "2030-03-07T09:00:00");

        var explained = Explain("2030-03-04T12:00:00");

        Assert.False(explained.Consistent);
        var mismatch = Assert.Single(explained.Mismatches);
        Assert.Equal((ClockName.Dispatch, 1L, At("2030-03-05T10:00:00"), At("2030-03-05T09:00:00")),
            (mismatch.Clock, mismatch.Event.Version, mismatch.Stored, mismatch.Recomputed));
    }

    [Fact]
    public void each_event_is_judged_on_the_calendar_committed_before_it_and_a_later_correction_changes_only_the_recompute()
    {
        // 2030-03-05 (Tuesday) a working day when filed; made a day off afterwards, and the clock counted again.
        Calendar(new CalendarYearLoaded(CalendarId, ZoneCalendars.DefaultZone, 2030, [], WorkingPeriod.WholeDay, "notice", Guid.Empty, At("2030-01-01T00:00:00")));
        File("2030-03-04T09:00:00", "2030-03-05T09:00:00", "2030-03-07T09:00:00");
        Calendar(new CalendarDateChanged(new DateOnly(2030, 3, 5), false, "Extra day off", "Announced late", Guid.Empty, At("2030-03-04T10:00:00")));
        Request(new ClockRecomputed(ProjectTracker.Deadlines.Sweeping.DeadlineKind.Dispatch, At("2030-03-05T09:00:00"), At("2030-03-06T09:00:00"),
            new CalendarCause(CalendarId, 2, new DateOnly(2030, 3, 5), "Announced late"), At("2030-03-04T10:00:00")));

        var explained = Explain("2030-03-04T11:00:00");

        Assert.True(explained.Consistent, string.Join("; ", explained.Mismatches));
        var dispatch = explained.Clocks.Single(c => c.Clock == ClockName.Dispatch);
        Assert.Equal([(ClockStepKind.Started, 1L), (ClockStepKind.Recomputed, 2L)], dispatch.Steps.Select(s => (s.Step, s.Calendar![0].Version!.Value)));
        Assert.Equal(At("2030-03-06T09:00:00"), dispatch.Due);
        // The resolution clock was not recomputed: its stored due, judged on the calendar of its filing, still holds.
        Assert.Equal(At("2030-03-07T09:00:00"), explained.Clocks.Single(c => c.Clock == ClockName.Resolution).Steps[0].Recomputed);
    }

    [Fact]
    public void a_reopening_starts_a_new_cycle_and_reopens_the_resolved_tasks_with_it()
    {
        var task = Guid.NewGuid();
        File("2030-03-04T09:00:00", "2030-03-05T09:00:00", "2030-03-07T09:00:00");
        Request(new TasksDispatched([new DispatchedTask(task, AssigneeKind.Department, Guid.NewGuid(), "Please", At("2030-03-07T09:00:00"))],
            Contact, At("2030-03-04T10:00:00")));
        Request(new TaskResolved(task, "Done", Contact, At("2030-03-05T10:00:00")));
        Request(new RequestAnswered("Done", At("2030-03-05T10:00:00")));
        Request(new RequestReopened("Not done", 1, At("2030-03-11T10:00:00"), Contact, At("2030-03-06T10:00:00")));

        var clocks = Explain("2030-03-06T11:00:00").Clocks;

        Assert.Equal([(ClockName.Dispatch, 0, ClockOutcome.Met), (ClockName.Resolution, 0, ClockOutcome.Met), (ClockName.Task, 0, ClockOutcome.Met),
            (ClockName.Resolution, 1, ClockOutcome.Running), (ClockName.Task, 1, ClockOutcome.Running)], clocks.Select(c => (c.Clock, c.Cycle, c.Outcome)));
        Assert.All(clocks.SelectMany(c => c.Steps), s => Assert.NotEqual(false, s.Matches));
        Assert.Equal(At("2030-03-11T10:00:00"), clocks[4].Due);
    }
}
