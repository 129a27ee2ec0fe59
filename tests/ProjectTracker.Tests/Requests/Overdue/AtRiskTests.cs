using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests.Overdue;

/// <summary>The warning before the breach: at 75 % of a clock its holder sees it at risk; only the breach escalates.</summary>
public class AtRiskTests : IAsyncLifetime
{
    private readonly Zone _zone = new();   // Monday 09:00; weekends off
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private async Task<List<string>> Events(Guid id) =>
        (await _zone.GetAsync<List<TimelineEntry>>($"/api/requests/{id}/timeline", _zone.SupervisorToken)).Select(e => e.Event).ToList();

    [Fact]
    public async Task an_undispatched_request_is_at_risk_at_three_quarters_of_its_day_once_and_is_no_escalation()
    {
        var filed = await _zone.FileAsync();                                         // dispatch due Tue 09:00: at risk from Tue 03:00
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(18) - TimeSpan.FromMinutes(1));
        Assert.False(Assert.Single((await _zone.GetAsync<Paged<DispatchQueueItem>>("/api/queues/dispatch", _zone.SecretaryToken)).Items).AtRisk);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromMinutes(2));
        var item = Assert.Single((await _zone.GetAsync<Paged<DispatchQueueItem>>("/api/queues/dispatch", _zone.SecretaryToken)).Items);
        Assert.True(item.AtRisk);
        Assert.False(item.Overdue);
        Assert.Equal(filed.Id, Assert.Single((await _zone.GetAsync<Paged<RequestView>>("/api/requests?atRisk=true", _zone.SupervisorToken)).Items).Id);
        Assert.Empty((await _zone.GetAsync<Paged<EscalationView>>("/api/escalations", _zone.SupervisorToken)).Items);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(7));            // past the due: the breach escalates
        Assert.Single((await _zone.GetAsync<Paged<EscalationView>>("/api/escalations", _zone.SupervisorToken)).Items);
        Assert.Single(await Events(filed.Id), e => e == nameof(ClockAtRisk));       // marked once, however often swept
    }

    [Fact]
    public async Task a_task_at_risk_comes_first_in_its_units_queue()
    {
        var first = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(first.Id, _zone.EconomicBureau)).Tasks[0];   // due Thu 09:00: at risk from Wed 15:00
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(1));
        var second = await _zone.FileAsync();
        var quick = await _zone.Post($"/api/requests/{second.Id}/dispatch", new
        {
            tasks = new[] { new { assigneeKind = "Department", assigneeId = _zone.EconomicBureau, instructions = "Quick one.", due = _zone.Clock.GetUtcNow().AddHours(50) } },
        }, _zone.SecretaryToken, 200).Json<RequestView>();                                        // due Wed 12:00, before the first

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(2) + TimeSpan.FromHours(5) + TimeSpan.FromMinutes(1));   // Wed 15:01
        var queue = (await _zone.GetAsync<Paged<TaskQueueItem>>("/api/queues/tasks", _zone.EconomicToken)).Items;
        Assert.Equal([(quick.Tasks[0].Id, true, false), (task.Id, false, true)], queue.Select(t => (t.TaskId, t.Overdue, t.AtRisk)));
        Assert.Contains(nameof(TaskAtRisk), await Events(first.Id));
        Assert.Contains(nameof(ClockAtRisk), await Events(first.Id));              // the resolution clock too (Wed 15:00)
    }

    [Fact]
    public async Task a_paused_clock_is_not_marked_at_risk()
    {
        var filed = await _zone.FileAsync();
        await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau);
        await _zone.Post($"/api/requests/{filed.Id}/pause", new { reason = "Need the lease." }, _zone.EconomicToken, 200);
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        var events = await Events(filed.Id);
        Assert.DoesNotContain(nameof(TaskAtRisk), events);
        Assert.DoesNotContain(nameof(ClockAtRisk), events);   // the dispatch clock was met, the resolution clock stands still
    }
}
