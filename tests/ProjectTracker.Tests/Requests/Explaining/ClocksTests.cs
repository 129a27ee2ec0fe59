using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Explaining;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests.Explaining;

/// <summary>
/// Every clock explained (GET /api/requests/{id}/clocks): a request filed before Qingming
/// (2026-04-04 to 04-06 off), paused over it, resumed, transferred, answered, reopened and breached,
/// on the shipped 2026 calendar; each due is counted again from the events and must equal the one stored.
/// </summary>
public class ClocksTests : IAsyncLifetime
{
    internal static DateTimeOffset Cst(string local) => DateTimeOffset.Parse(local + "+08:00");

    private readonly ZoneBeforeQingming _zone = new();   // Tuesday 2026-03-31 10:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private Task<ClocksExplained> Clocks(Guid id, string? token = null) => _zone.GetAsync<ClocksExplained>($"/api/requests/{id}/clocks", token ?? _zone.SupervisorToken);

    [Fact]
    public async Task every_due_of_a_request_paused_over_a_holiday_transferred_reopened_and_breached_is_reproduced_step_by_step()
    {
        var story = await RequestStory.TellAsync(_zone);
        var clocks = await Clocks(story.Id);

        Assert.True(clocks.Consistent, string.Join("; ", clocks.Mismatches));
        Assert.All(clocks.Clocks.SelectMany(c => c.Steps), s => Assert.NotEqual(false, s.Matches));
        var dispatch = clocks.Clocks.Single(c => c.Clock == ClockName.Dispatch);
        Assert.Equal([ClockStepKind.Started, ClockStepKind.AtRisk, ClockStepKind.Met], dispatch.Steps.Select(s => s.Step));
        Assert.Equal((Cst("2026-04-01T10:00:00"), Cst("2026-04-01T09:00:00"), ClockOutcome.Met), (dispatch.Due, dispatch.MetAt!.Value, dispatch.Outcome));
        var started = dispatch.Steps[0];
        Assert.Equal((Cst("2026-04-01T10:00:00"), Cst("2026-04-01T10:00:00"), "1 WorkingDays"), (started.Due, started.Recomputed!.Value, started.Rule));
        Assert.Equal([new CalendarVersion(2026, 1)], started.Calendar!);
        Assert.Equal(1, started.Event.Version);
        Assert.True(started.Event.Sequence > 0);

        // Cycle 0: due Fri 04-03 10:00; paused Thu 10:00 with 24 h left; Qingming costs nothing: resumed Tue 04-07 10:00, due Wed 10:00.
        var first = clocks.Clocks.Single(c => c is { Clock: ClockName.Resolution, Cycle: 0 });
        Assert.Equal([ClockStepKind.Started, ClockStepKind.Paused, ClockStepKind.Resumed, ClockStepKind.AtRisk, ClockStepKind.Met], first.Steps.Select(s => s.Step));
        Assert.Equal(Cst("2026-04-03T10:00:00"), first.Steps[0].Due);
        var resumed = first.Steps[2];
        Assert.Equal((Cst("2026-04-07T10:00:00"), Cst("2026-04-08T10:00:00"), Cst("2026-04-08T10:00:00"), TimeSpan.FromHours(48)),
            (resumed.At, resumed.Due, resumed.Recomputed!.Value, resumed.PausedFor!.Value));
        Assert.Equal((ClockOutcome.Met, Cst("2026-04-08T09:00:00")), (first.Outcome, first.MetAt!.Value));
        Assert.Equal(TimeSpan.FromHours(71), first.Used);   // Tue 14 h + Wed 24 h + Thu 10 h, then Tue 14 h + Wed 9 h
        Assert.Equal(TimeSpan.FromHours(1), first.Left);

        // Cycle 1: reopened Thu 04-09 10:00, due Tue 04-14 10:00, at risk, breached, the escalation raised.
        var second = clocks.Clocks.Single(c => c is { Clock: ClockName.Resolution, Cycle: 1 });
        Assert.Equal([ClockStepKind.Started, ClockStepKind.AtRisk, ClockStepKind.Breached], second.Steps.Select(s => s.Step));
        Assert.Equal([ClockStepKind.Started, ClockStepKind.AtRisk, ClockStepKind.Breached], clocks.Clocks.Last().Steps.Select(s => s.Step));
        Assert.Equal((Cst("2026-04-14T10:00:00"), ClockOutcome.Breached, Cst("2026-04-14T10:00:00")), (second.Due, second.Outcome, second.BreachedAt!.Value));
        Assert.Equal(second.Steps[0].Event, second.Steps[2].Event);   // the breach is derived from the due its start set
        Assert.Equal((TimeSpan.FromHours(73), TimeSpan.Zero, TimeSpan.FromHours(1)), (second.Used, second.Left, second.Overrun));   // read at Tue 11:00

        // The task: due with the request, moved by the pause, transferred (the due stays), resolved; reopened with the request.
        var tasks = clocks.Clocks.Where(c => c.Clock == ClockName.Task).ToList();
        Assert.All(tasks, t => Assert.Equal(story.TaskId, t.TaskId));
        Assert.Equal([ClockStepKind.Started, ClockStepKind.Paused, ClockStepKind.Resumed, ClockStepKind.Transferred, ClockStepKind.AtRisk, ClockStepKind.Met],
            tasks[0].Steps.Select(s => s.Step));
        Assert.Equal([.. Enumerable.Repeat(Cst("2026-04-03T10:00:00"), 2), .. Enumerable.Repeat(Cst("2026-04-08T10:00:00"), 4)], tasks[0].Steps.Select(s => s.Due));
        Assert.Equal("due with the request's resolution clock", tasks[0].Steps[0].Basis);
        Assert.Equal((1, ClockOutcome.Breached), (tasks[1].Cycle, tasks[1].Outcome));
        Assert.Equal(Cst("2026-04-14T10:00:00"), tasks[1].Steps[0].Recomputed);
    }

    [Fact]
    public async Task a_calendar_correction_after_the_fact_is_explained_as_a_recompute_that_the_calendar_stream_reproduces()
    {
        var story = await RequestStory.TellAsync(_zone);
        await story.CorrectAsync(_zone);   // Monday 04-13 made a day off after the breach: the reopened clock runs to Wed 04-15 10:00

        var clocks = await Clocks(story.Id);
        Assert.True(clocks.Consistent, string.Join("; ", clocks.Mismatches));
        var second = clocks.Clocks.Single(c => c is { Clock: ClockName.Resolution, Cycle: 1 });
        Assert.Equal([ClockStepKind.Started, ClockStepKind.AtRisk, ClockStepKind.Recomputed], second.Steps.Select(s => s.Step));
        var recomputed = second.Steps[^1];
        Assert.Equal((Cst("2026-04-14T10:00:00"), Cst("2026-04-15T10:00:00"), Cst("2026-04-15T10:00:00")), (recomputed.PreviousDue!.Value, recomputed.Due, recomputed.Recomputed!.Value));
        Assert.Equal([new CalendarVersion(2026, 2)], recomputed.Calendar!);
        Assert.Equal([new CalendarVersion(2026, 1)], second.Steps[0].Calendar!);   // the start is judged on the calendar of its day
        Assert.Equal(ClockOutcome.Running, second.Outcome);
        Assert.Equal(Cst("2026-04-15T10:00:00"), clocks.Clocks.Last(c => c.Clock == ClockName.Task).Due);
    }

    [Fact]
    public async Task the_timeline_shows_each_clock_change_in_its_place_and_each_breach_at_its_due()
    {
        var story = await RequestStory.TellAsync(_zone);

        var timeline = await _zone.GetAsync<List<TimelineEntry>>($"/api/requests/{story.Id}/timeline", _zone.KeyContactToken);

        static string Shown(TimelineEntry e) => $"{e.Event}: " + string.Join(", ", (e.Clocks ?? []).Select(c => $"{c.Clock}{c.Cycle} {c.Change}"));
        Assert.Equal([
            "RequestFiled: Dispatch0 Started, Resolution0 Started",
            "ClockAtRisk: Dispatch0 AtRisk",
            "TasksDispatched: Dispatch0 Met, Task0 Started",
            "ClockPaused: Resolution0 Paused, Task0 Paused",
            "InformationAdded: ",
            "ClockResumed: Resolution0 Resumed, Task0 Resumed",
            "TaskTransferred: Task0 Transferred",
            "ClockAtRisk: Resolution0 AtRisk",
            "TaskAtRisk: Task0 AtRisk",
            "TaskResolved: Task0 Met",
            "RequestAnswered: Resolution0 Met",
            "RequestReopened: Resolution1 Started, Task1 Started",
            "ClockAtRisk: Resolution1 AtRisk",
            "TaskAtRisk: Task1 AtRisk",
            "ClockBreached: Resolution1 Breached",
            "ClockBreached: Task1 Breached",
            "EscalationRaised: ",
        ], timeline.Select(Shown));
        var breach = timeline.First(e => e.Event == ClockChanges.Breached);
        Assert.Equal((Cst("2026-04-14T10:00:00"), timeline.Single(e => e.Event == nameof(RequestReopened)).Version), (breach.At, breach.Version));
        Assert.Equal(Cst("2026-04-08T10:00:00"), timeline.Single(e => e.Event == nameof(ClockResumed)).Clocks![0].Due);
    }

    [Fact]
    public async Task a_stored_due_the_events_do_not_give_is_shown_and_logged_as_an_error_without_the_enterprises_text()
    {
        const string secret = "Confidential land parcel 0042";
        var filed = await _zone.FileAsync(title: secret);
        // A due written wrongly (a bug, a hand edit): one hour later than the rule and the calendar give.
        await using (var session = _zone.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(filed.Id, new ClockRecomputed(DeadlineKind.Dispatch, filed.Dispatch.Due, filed.Dispatch.Due.AddHours(1),
                new CalendarCause(Guid.NewGuid(), 1, new DateOnly(2026, 3, 31), "test"), _zone.Clock.GetUtcNow()));
            await session.SaveChangesAsync();
        }
        var mark = _zone.Logs.Mark;

        var clocks = await Clocks(filed.Id, _zone.KeyContactToken);

        Assert.False(clocks.Consistent);
        var mismatch = Assert.Single(clocks.Mismatches);
        Assert.Equal((ClockName.Dispatch, 2L, filed.Dispatch.Due.AddHours(1), filed.Dispatch.Due),
            (mismatch.Clock, mismatch.Event.Version, mismatch.Stored, mismatch.Recomputed));
        Assert.False(clocks.Clocks[0].Steps[^1].Matches);
        var logged = Assert.Single(_zone.Logs.Since(mark), e => e.Level == LogLevel.Error);
        Assert.Contains(filed.Id.ToString(), logged.Text);
        Assert.DoesNotContain(secret, logged.Text);
    }

    [Fact]
    public async Task the_clocks_are_shown_to_whoever_may_see_the_request_and_to_no_one_else()
    {
        var filed = await _zone.FileAsync();
        await Clocks(filed.Id, _zone.KeyContactToken);
        await Clocks(filed.Id, _zone.SecretaryToken);
        await _zone.Get($"/api/requests/{filed.Id}/clocks", _zone.OtherContactToken, 404);
        await _zone.Get($"/api/requests/{filed.Id}/clocks", _zone.MarketToken, 404);
        await _zone.Get($"/api/requests/{Guid.NewGuid()}/clocks", _zone.SupervisorToken, 404);
        await _zone.Get($"/api/requests/{filed.Id}/clocks", null, 401);
    }
}
