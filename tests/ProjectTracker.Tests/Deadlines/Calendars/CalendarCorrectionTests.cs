using ProjectTracker.Access;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Overdue;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Deadlines.Calendars;

/// <summary>A date corrected after clocks started: open clocks are counted again, each move an event naming its cause.</summary>
public class CalendarCorrectionTests : IAsyncLifetime
{
    private static DateTimeOffset Cst(string local) => DateTimeOffset.Parse(local + "+08:00");

    private readonly ZoneAt _zone = new(Cst("2026-03-06T10:00:00"));   // a Friday
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private string Admin => _zone.TokenFor(_zone.Admin, Roles.Admin);

    private Task Correct(string date, bool working) =>
        _zone.Put($"/api/calendars/2026/dates/{date}", new { working, reason = "State Council notice of a change" }, Admin);

    /// <summary>The recompute runs after the correction commits (a durable message): wait for it to show.</summary>
    private async Task<RequestView> WaitForDispatchDueAsync(Guid id, DateTimeOffset due)
    {
        for (var until = DateTime.UtcNow.AddSeconds(15); ; await Task.Delay(50))
        {
            var r = (await _zone.GetAsync<RequestDetails>($"/api/requests/{id}", _zone.SupervisorToken)).Request;
            if (r.Dispatch.Due == due) return r;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Dispatch due stayed {r.Dispatch.Due:O}, expected {due:O}.");
        }
    }

    private async Task<IReadOnlyList<EscalationView>> Escalations() =>
        (await _zone.GetAsync<Paged<EscalationView>>("/api/escalations?pageSize=200", _zone.SupervisorToken)).Items;

    [Fact]
    public async Task a_day_made_off_moves_open_clocks_later_and_each_move_names_the_calendar_change()
    {
        var filed = await _zone.FileAsync();
        Assert.Equal(Cst("2026-03-09T10:00:00"), filed.Dispatch.Due);
        Assert.Equal(Cst("2026-03-11T10:00:00"), filed.Resolution.Due);
        var dispatched = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(dispatched.Id, _zone.EconomicBureau)).Tasks[0];
        var answered = await _zone.FileAsync();
        await _zone.ResolveAsync(answered.Id, (await _zone.DispatchAsync(answered.Id, _zone.EconomicBureau)).Tasks[0].Id, _zone.EconomicToken);

        await Correct("2026-03-09", working: false);

        var moved = await WaitForDispatchDueAsync(filed.Id, Cst("2026-03-10T10:00:00"));
        Assert.Equal(Cst("2026-03-12T10:00:00"), moved.Resolution.Due);
        var withTask = (await _zone.GetAsync<RequestDetails>($"/api/requests/{dispatched.Id}", _zone.SupervisorToken)).Request;
        Assert.Equal((Cst("2026-03-12T10:00:00"), Cst("2026-03-12T10:00:00")), (withTask.Resolution.Due, withTask.Task(task.Id)!.Due));
        var timeline = await _zone.GetAsync<List<TimelineEntry>>($"/api/requests/{filed.Id}/timeline", _zone.SupervisorToken);
        var recomputed = timeline.Where(e => e.Event == nameof(ClockRecomputed)).ToList();
        Assert.Equal(2, recomputed.Count);
        Assert.All(recomputed, e => Assert.Contains("2026-03-09", e.Data.ToString()));
        var untouched = (await _zone.GetAsync<RequestDetails>($"/api/requests/{answered.Id}", _zone.SupervisorToken)).Request;
        Assert.Equal(answered.Resolution.Due, untouched.Resolution.Due);   // answered: its clock is not open
    }

    [Fact]
    public async Task a_due_moved_behind_the_sweep_escalates_once_and_promptly()
    {
        var early = await _zone.FileAsync();                                 // Fri 10:00 → due Mon 10:00
        _zone.Clock.Advance(TimeSpan.FromHours(1));
        var later = await _zone.FileAsync();                                 // Fri 11:00 → due Mon 11:00
        await _zone.AdvanceAndFireDeadlinesAsync(Cst("2026-03-09T10:30:00") - _zone.Clock.GetUtcNow());
        Assert.Equal(early.Id, Assert.Single(await Escalations()).RequestId);   // the sweep's cursor is now past Mon 10:00

        await Correct("2026-03-07", working: true);                          // the Saturday made working: both were due on it
        await WaitForDispatchDueAsync(later.Id, Cst("2026-03-07T11:00:00"));
        await _zone.SweepAsync();

        var raised = await Escalations();
        Assert.Equal(2, raised.Count);
        var late = Assert.Single(raised, e => e.RequestId == later.Id);
        Assert.Equal(Cst("2026-03-07T11:00:00"), late.DueAt);
        Assert.Equal(0, await _zone.SweepAsync());
        Assert.Equal(2, (await Escalations()).Count);                       // the breach raised before stays, once
    }
}
