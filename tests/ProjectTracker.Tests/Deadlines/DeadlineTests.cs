using Alba;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Overdue;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Deadlines;

/// <summary>The 1-3 day promise on a fake clock: request deadlines are swept, milestones and auto-close fire through Wolverine's durable scheduler.</summary>
public class DeadlineTests : IAsyncLifetime
{
    private readonly Zone _zone = new();
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private Task<Paged<EscalationView>> Escalations(string query = "") =>
        _zone.GetAsync<Paged<EscalationView>>($"/api/escalations?pageSize=200{query}", _zone.SupervisorToken);

    [Fact]
    public async Task an_undispatched_request_draws_a_warning_naming_the_secretary_after_one_day()
    {
        var late = await _zone.FileAsync();
        var onTime = await _zone.FileAsync();
        await _zone.DispatchAsync(onTime.Id, _zone.EconomicBureau);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(23));
        Assert.Empty((await Escalations()).Items);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(2));

        var escalation = Assert.Single((await Escalations()).Items);
        Assert.Equal(late.Id, escalation.RequestId);
        Assert.Equal(EscalationLevel.Warning, escalation.Level);
        Assert.Equal(EscalationKind.DispatchOverdue, escalation.Kind);
        Assert.Equal(new Responsible(ResponsibleKind.Secretary, _zone.Secretary), escalation.Responsible.Single());
        var details = await _zone.GetAsync<RequestDetails>($"/api/requests/{late.Id}", _zone.KeyContactToken);
        Assert.Equal(late.Dispatch.Due, details.Request.Dispatch.BreachedAt);
        Assert.Equal(escalation.Id, Assert.Single(details.OpenEscalations).Id);
        var onTimeDetails = await _zone.GetAsync<RequestDetails>($"/api/requests/{onTime.Id}", _zone.KeyContactToken);
        Assert.Null(onTimeDetails.Request.Dispatch.BreachedAt);
        var timeline = await _zone.GetAsync<List<TimelineEntry>>($"/api/requests/{late.Id}/timeline", _zone.SupervisorToken);
        Assert.Equal(escalation.Id, Assert.Single(timeline, e => e.Event == nameof(EscalationRaised)).EscalationId);
    }

    [Fact]
    public async Task an_unanswered_request_draws_accountability_naming_each_unresolved_department_after_three_days()
    {
        var filed = await _zone.FileAsync();
        var tasks = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau, _zone.MarketBureau)).Tasks;
        await _zone.ResolveAsync(filed.Id, tasks.Single(t => t.AssigneeId == _zone.EconomicBureau).Id, _zone.EconomicToken);
        var answered = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(answered.Id, _zone.EconomicBureau)).Tasks[0];
        await _zone.ResolveAsync(answered.Id, task.Id, _zone.EconomicToken);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        var escalation = Assert.Single((await Escalations("&level=Accountability")).Items);
        Assert.Equal(filed.Id, escalation.RequestId);
        Assert.Equal([new Responsible(ResponsibleKind.Department, _zone.MarketBureau)], escalation.Responsible);
        Assert.Single((await Escalations($"&departmentId={_zone.MarketBureau}")).Items);
        Assert.Empty((await Escalations($"&departmentId={_zone.EconomicBureau}")).Items);
        var overdue = await _zone.GetAsync<Paged<RequestView>>("/api/requests?overdue=true", _zone.SupervisorToken);
        Assert.Equal([filed.Id], overdue.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task a_reopened_request_gets_a_fresh_clock_and_the_stale_one_raises_nothing()
    {
        var filed = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau)).Tasks[0];
        await _zone.ResolveAsync(filed.Id, task.Id, _zone.EconomicToken);
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(2));
        await _zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "Not solved." }).ToUrl($"/api/requests/{filed.Id}/reopen");
            s.WithBearerToken(_zone.KeyContactToken);
            s.StatusCodeShouldBeOk();
        });

        // Reopened on Wednesday 09:00: three working days end on Monday 09:00, the weekend not counted.
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(2));   // Friday: the first clock's due time (Thursday) has passed
        Assert.Empty((await Escalations()).Items);
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));   // Monday 08:59
        Assert.Empty((await Escalations()).Items);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromMinutes(2));
        var escalation = Assert.Single((await Escalations()).Items);
        Assert.Equal(EscalationKind.ResolutionOverdue, escalation.Kind);
    }

    [Fact]
    public async Task an_unconfirmed_answer_closes_itself()
    {
        var filed = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau)).Tasks[0];
        await _zone.ResolveAsync(filed.Id, task.Id, _zone.EconomicToken);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var details = await _zone.GetAsync<RequestDetails>($"/api/requests/{filed.Id}", _zone.KeyContactToken);
        Assert.Equal(RequestStatus.Closed, details.Request.Status);
        Assert.Empty((await Escalations()).Items);
    }

    [Fact]
    public async Task a_deadline_swept_again_raises_nothing_more()
    {
        await _zone.FileAsync();
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await _zone.SweepAsync());
        _zone.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _zone.SweepAsync());

        Assert.Single((await Escalations()).Items);
    }

    [Fact]
    public async Task a_batch_that_fills_up_leaves_the_rest_for_the_next_sweep_and_skips_none()
    {
        var filed = new List<Guid>();
        for (var i = 0; i < 7; i++) filed.Add((await _zone.FileAsync()).Id);
        await _zone.DispatchAsync(filed[3], _zone.EconomicBureau);
        _zone.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        using var scope = _zone.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        var outcomes = new List<SweepOutcome>();
        do outcomes.Add(await bus.InvokeAsync<SweepOutcome>(new SweepDeadlines(BatchSize: 2)));
        while (outcomes[^1].More);

        Assert.Equal([2, 2, 2, 0], outcomes.Select(o => o.Raised));   // the third batch was full, so a fourth looked
        Assert.Equal([true, true, true, false], outcomes.Select(o => o.More));
        Assert.Equal(filed.Where((_, i) => i != 3).Order(), (await Escalations()).Items.Select(e => e.RequestId!.Value).Order());
    }

    [Fact]
    public async Task a_supervisor_acknowledges_decides_and_closes_an_escalation()
    {
        await _zone.FileAsync();
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var escalation = Assert.Single((await Escalations()).Items);
        var url = $"/api/escalations/{escalation.Id}";

        await _zone.Host.Scenario(s => { s.WithRequestHeader("If-Match", ApiCalls.AnyVersion); s.Post.Url($"{url}/close"); s.WithBearerToken(_zone.SupervisorToken); s.StatusCodeShouldBe(409); });
        await _zone.Host.Scenario(s => { s.WithRequestHeader("If-Match", ApiCalls.AnyVersion); s.Post.Url($"{url}/acknowledge"); s.WithBearerToken(_zone.SecretaryToken); s.StatusCodeShouldBe(403); });
        await _zone.Host.Scenario(s => { s.WithRequestHeader("If-Match", ApiCalls.AnyVersion); s.Post.Url($"{url}/acknowledge"); s.WithBearerToken(_zone.SupervisorToken); s.StatusCodeShouldBeOk(); });
        await _zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { decision = "Accountability", note = "Late twice this month." }).ToUrl($"{url}/decision");
            s.WithBearerToken(_zone.SupervisorToken);
            s.StatusCodeShouldBe(400);
        });
        await _zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { decision = "Accountability", note = "Late twice this month.", responsibleDepartmentId = _zone.EconomicBureau, responsiblePerson = "Secretary Wang" })
                .ToUrl($"{url}/decision");
            s.WithBearerToken(_zone.SupervisorToken);
            s.StatusCodeShouldBeOk();
        });
        var closed = await _zone.Host.Scenario(s => { s.WithRequestHeader("If-Match", ApiCalls.AnyVersion); s.Post.Url($"{url}/close"); s.WithBearerToken(_zone.SupervisorToken); s.StatusCodeShouldBeOk(); });
        Assert.Equal(EscalationStatus.Closed, (await closed.ReadAsJsonAsync<EscalationView>())!.Status);
        Assert.Empty((await Escalations()).Items);
        Assert.Single((await Escalations("&includeClosed=true")).Items);
        await _zone.Host.Scenario(s => { s.Get.Url($"/api/escalations/{Guid.NewGuid()}"); s.WithBearerToken(_zone.SupervisorToken); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task a_request_past_its_three_days_can_still_be_dispatched_with_a_future_due_time()
    {
        var filed = await _zone.FileAsync();
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        var dispatched = await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau);

        Assert.True(dispatched.Tasks[0].Due > _zone.Clock.GetUtcNow());
    }

    [Fact]
    public async Task reopened_tasks_are_due_with_the_new_clock()
    {
        var filed = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau)).Tasks[0];
        await _zone.ResolveAsync(filed.Id, task.Id, _zone.EconomicToken);
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "Not solved." }).ToUrl($"/api/requests/{filed.Id}/reopen");
            s.WithBearerToken(_zone.KeyContactToken);
            s.StatusCodeShouldBeOk();
        });

        var queue = await _zone.GetAsync<Paged<TaskQueueItem>>("/api/queues/tasks", _zone.EconomicToken);
        var item = Assert.Single(queue.Items, i => i.TaskId == task.Id);
        Assert.False(item.Overdue);
        // Reopened on Thursday: three working days end on Tuesday.
        Assert.Equal(_zone.Clock.GetUtcNow().AddDays(5), item.Due);
    }

    [Fact]
    public async Task a_handed_back_task_left_undispatched_makes_the_dispatcher_answer_not_the_department()
    {
        var filed = await _zone.FileAsync();
        var tasks = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau, _zone.MarketBureau)).Tasks;
        await _zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "Not ours." }).ToUrl($"/api/requests/{filed.Id}/tasks/{tasks.Single(t => t.AssigneeId == _zone.MarketBureau).Id}/hand-back");
            s.WithBearerToken(_zone.MarketToken);
            s.StatusCodeShouldBeOk();
        });

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        var escalation = Assert.Single((await Escalations("&level=Accountability")).Items);
        Assert.Equal([new Responsible(ResponsibleKind.Department, _zone.EconomicBureau), new Responsible(ResponsibleKind.Secretary, _zone.Secretary)],
            escalation.Responsible);
    }

    [Fact]
    public async Task sweeps_running_at_the_same_moment_raise_each_escalation_once()
    {
        for (var i = 0; i < 5; i++) await _zone.FileAsync();
        _zone.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var raised = await Task.WhenAll(_zone.SweepAsync(), _zone.SweepAsync(), _zone.SweepAsync());

        Assert.Equal(5, raised.Sum());
        Assert.Equal(5, (await Escalations()).Items.Count);
    }

    [Fact]
    public async Task lanes_share_the_requests_out_and_another_number_of_lanes_raises_nothing_twice()
    {
        var filed = new List<Guid>();
        for (var i = 0; i < 12; i++) filed.Add((await _zone.FileAsync()).Id);
        _zone.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        using var scope = _zone.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        Task<SweepOutcome> Sweep(int lane, int lanes) => bus.InvokeAsync<SweepOutcome>(new SweepDeadlines(lane, lanes));
        var byLane = await Task.WhenAll(Sweep(0, 2), Sweep(1, 2));

        // Lane = the id's last byte modulo the number of lanes.
        var inLaneZero = filed.Count(id => id.ToByteArray(bigEndian: true)[15] % 2 == 0);
        Assert.Equal([inLaneZero, 12 - inLaneZero], byLane.Select(o => o.Raised));
        Assert.Equal(filed.Order(), (await Escalations()).Items.Select(e => e.RequestId!.Value).Order());
        // Three lanes (or one) start from fresh cursors, find the same due times and skip what exists.
        Assert.Equal([0, 0, 0], (await Task.WhenAll(Sweep(0, 3), Sweep(1, 3), Sweep(2, 3))).Select(o => o.Raised));
        Assert.Equal(0, await _zone.SweepAsync());
        Assert.Equal(12, (await Escalations()).Items.Count);
    }

    [Fact]
    public async Task a_sweep_looking_ahead_commits_once_the_due_time_passes_and_decides_again_on_what_changed_meanwhile()
    {
        var dispatchedMeanwhile = await _zone.FileAsync();
        var late = await _zone.FileAsync();
        _zone.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(500));

        using var scope = _zone.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        var sweep = bus.InvokeAsync<SweepOutcome>(new SweepDeadlines(LookAhead: TimeSpan.FromSeconds(1)));
        // Both escalations written ahead; the sweep now waits for their due time (on the fake clock).
        await _zone.WaitForBackendAsync("state = 'idle in transaction' and query like 'copy %mt_doc_escalation%'");
        Assert.Empty((await Escalations()).Items);
        await _zone.DispatchAsync(dispatchedMeanwhile.Id, _zone.EconomicBureau);
        Assert.False(sweep.IsCompleted);
        _zone.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await sweep).Raised);
        var escalation = Assert.Single((await Escalations()).Items);
        Assert.Equal(late.Id, escalation.RequestId);
        Assert.InRange(escalation.RaisedAt, late.Dispatch.Due, late.Dispatch.Due + TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, await _zone.SweepAsync());
    }
}
