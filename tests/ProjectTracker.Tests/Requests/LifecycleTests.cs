using Alba;
using ProjectTracker.Access;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests;

/// <summary>Given a filed request: dispatched, worked, answered, confirmed or reopened.</summary>
public class LifecycleTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task dispatched_to_two_departments_answered_when_both_resolve_then_confirmed()
    {
        var filed = await zone.FileAsync();
        var dispatched = await zone.DispatchAsync(filed.Id, zone.EconomicBureau, zone.MarketBureau);
        Assert.Equal(RequestStatus.Dispatched, dispatched.Status);
        Assert.NotNull(dispatched.Dispatch.MetAt);
        var queue = await zone.GetAsync<ProjectTracker.Infrastructure.Paged<DispatchQueueItem>>("/api/queues/dispatch?pageSize=200", zone.SecretaryToken);
        Assert.DoesNotContain(queue.Items, i => i.RequestId == filed.Id);
        var economic = dispatched.Tasks.Single(t => t.AssigneeId == zone.EconomicBureau);
        var market = dispatched.Tasks.Single(t => t.AssigneeId == zone.MarketBureau);

        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Url($"/api/requests/{filed.Id}/tasks/{economic.Id}/accept");
            s.WithBearerToken(zone.EconomicToken);
            s.StatusCodeShouldBeOk();
        });
        var half = await zone.ResolveAsync(filed.Id, economic.Id, zone.EconomicToken);
        Assert.Equal(RequestStatus.Dispatched, half.Status);
        var answered = await zone.ResolveAsync(filed.Id, market.Id, zone.MarketToken);
        Assert.Equal(RequestStatus.Answered, answered.Status);
        Assert.NotNull(answered.Resolution.MetAt);

        var closed = await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { satisfaction = 5, comment = "Fast." }).ToUrl($"/api/requests/{filed.Id}/confirm");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBeOk();
        });
        var request = (await closed.ReadAsJsonAsync<RequestView>())!;
        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.Equal(5, request.Satisfaction);

        var timeline = await zone.GetAsync<List<TimelineEntry>>($"/api/requests/{filed.Id}/timeline", zone.KeyContactToken);
        Assert.Equal(["RequestFiled", "TasksDispatched", "TaskAccepted", "TaskResolved", "TaskResolved", "RequestAnswered", "AnswerConfirmed"],
            timeline.Select(e => e.Event));
        Assert.Equal(zone.Secretary, timeline[1].By);
        Assert.Equal(zone.MarketStaff, timeline[4].By);
    }

    [Fact]
    public async Task resolving_a_task_twice_is_a_conflict_and_appends_nothing()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau, zone.MarketBureau)).Tasks[0];
        await zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken);
        var before = await zone.EventCount(filed.Id);

        await zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken, expectStatus: 409);

        Assert.Equal(before, await zone.EventCount(filed.Id));
    }

    [Fact]
    public async Task confirming_an_unanswered_request_is_a_conflict()
    {
        var filed = await zone.FileAsync();
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { satisfaction = 4 }).ToUrl($"/api/requests/{filed.Id}/confirm");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(409);
        });
        Assert.Equal(1, await zone.EventCount(filed.Id));
    }

    [Fact]
    public async Task a_department_cannot_resolve_another_departments_task()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        await zone.ResolveAsync(filed.Id, task.Id, zone.MarketToken, expectStatus: 404); // Market never held a task: cannot see it
        var both = await zone.FileAsync();
        var tasks = (await zone.DispatchAsync(both.Id, zone.EconomicBureau, zone.MarketBureau)).Tasks;
        await zone.ResolveAsync(both.Id, tasks.Single(t => t.AssigneeId == zone.EconomicBureau).Id, zone.MarketToken, expectStatus: 403);
    }

    [Fact]
    public async Task two_departments_resolving_at_the_same_moment_both_succeed()
    {
        for (var round = 0; round < 3; round++)
        {
            var filed = await zone.FileAsync();
            var tasks = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau, zone.MarketBureau)).Tasks;
            await Task.WhenAll(
                zone.ResolveAsync(filed.Id, tasks.Single(t => t.AssigneeId == zone.EconomicBureau).Id, zone.EconomicToken),
                zone.ResolveAsync(filed.Id, tasks.Single(t => t.AssigneeId == zone.MarketBureau).Id, zone.MarketToken));
            var details = await zone.GetAsync<RequestDetails>($"/api/requests/{filed.Id}", zone.KeyContactToken);
            Assert.Equal(RequestStatus.Answered, details.Request.Status);
        }
    }

    [Fact]
    public async Task reopening_an_answer_opens_the_tasks_and_starts_a_new_three_day_clock()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        await zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken);
        zone.Clock.Advance(TimeSpan.FromHours(30));

        var result = await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "The loan was not approved." }).ToUrl($"/api/requests/{filed.Id}/reopen");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBeOk();
        });
        var reopened = (await result.ReadAsJsonAsync<RequestView>())!;
        Assert.Equal(RequestStatus.Dispatched, reopened.Status);
        Assert.Equal(1, reopened.Cycle);
        Assert.Equal(zone.Clock.GetUtcNow().AddDays(3), reopened.Resolution.Due);
        Assert.Null(reopened.Resolution.MetAt);
        Assert.Equal(TaskState.Open, reopened.Tasks[0].State);
    }

    [Fact]
    public async Task a_withdrawn_request_takes_no_more_work_and_a_rejected_one_counts_as_answered()
    {
        var withdrawn = await zone.FileAsync();
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "Solved it ourselves." }).ToUrl($"/api/requests/{withdrawn.Id}/withdraw");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBeOk();
        });
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { tasks = new[] { new { assigneeKind = "Department", assigneeId = zone.EconomicBureau, instructions = "x" } } })
                .ToUrl($"/api/requests/{withdrawn.Id}/dispatch");
            s.WithBearerToken(zone.SecretaryToken);
            s.StatusCodeShouldBe(409);
        });

        var rejected = await zone.FileAsync();
        var result = await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "A matter for the provincial bureau." }).ToUrl($"/api/requests/{rejected.Id}/reject");
            s.WithBearerToken(zone.SecretaryToken);
            s.StatusCodeShouldBeOk();
        });
        var r = (await result.ReadAsJsonAsync<RequestView>())!;
        Assert.Equal(RequestStatus.Rejected, r.Status);
        Assert.NotNull(r.Resolution.MetAt);
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "x" }).ToUrl($"/api/requests/{rejected.Id}/reject");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task a_handed_back_task_returns_the_request_to_the_dispatcher_who_transfers_or_redispatches()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.MarketBureau)).Tasks[0];
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "Funding is not ours." }).ToUrl($"/api/requests/{filed.Id}/tasks/{task.Id}/hand-back");
            s.WithBearerToken(zone.MarketToken);
            s.StatusCodeShouldBeOk();
        });
        var queue = await zone.GetAsync<ProjectTracker.Infrastructure.Paged<DispatchQueueItem>>("/api/queues/dispatch", zone.SecretaryToken);
        Assert.Contains(queue.Items, i => i.RequestId == filed.Id);

        var redispatched = await zone.DispatchAsync(filed.Id, zone.EconomicBureau);
        Assert.Equal(TaskState.Superseded, redispatched.Tasks.Single(t => t.Id == task.Id).State);
        var answered = await zone.ResolveAsync(filed.Id, redispatched.Tasks.Single(t => t.AssigneeId == zone.EconomicBureau).Id, zone.EconomicToken);
        Assert.Equal(RequestStatus.Answered, answered.Status);
    }

    [Fact]
    public async Task a_task_transferred_to_a_task_force_is_worked_by_its_members()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { assigneeKind = "TaskForce", assigneeId = zone.LandTaskForce, reason = "A land matter." })
                .ToUrl($"/api/requests/{filed.Id}/tasks/{task.Id}/transfer");
            s.WithBearerToken(zone.EconomicToken);
            s.StatusCodeShouldBeOk();
        });
        var queue = await zone.GetAsync<ProjectTracker.Infrastructure.Paged<TaskQueueItem>>("/api/queues/tasks", zone.LeadToken);
        Assert.Contains(queue.Items, i => i.TaskId == task.Id);
        var answered = await zone.ResolveAsync(filed.Id, task.Id, zone.TokenFor(zone.TaskForceMember, ProjectTracker.Access.Roles.Staff));
        Assert.Equal(RequestStatus.Answered, answered.Status);
    }
}
