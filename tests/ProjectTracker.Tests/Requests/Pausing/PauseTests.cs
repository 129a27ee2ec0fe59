using System.Text.Json;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Pausing;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests.Pausing;

/// <summary>Waiting for the enterprise (时限中止): the resolution clock stops and every due moves by the working time paused.</summary>
public class PauseTests : IAsyncLifetime
{
    private readonly Zone _zone = new();   // Monday 09:00; no calendar for the year: weekends off
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private async Task<IReadOnlyList<EscalationView>> Escalations() =>
        (await _zone.GetAsync<Paged<EscalationView>>("/api/escalations?pageSize=200", _zone.SupervisorToken)).Items;

    private Task Pause(Guid id, string token, int status = 200, string reason = "Please send the land-use certificate.") =>
        _zone.Post($"/api/requests/{id}/pause", new { reason }, token, status);

    [Fact]
    public async Task a_pause_stops_the_resolution_clock_and_the_added_information_moves_every_due_by_the_working_time_paused()
    {
        var filed = await _zone.FileAsync();                                   // Mon 09:00, due Thu 09:00
        var task = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau)).Tasks[0];
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(1));        // Tue 09:00: 48 working hours left
        await Pause(filed.Id, _zone.EconomicToken);

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(6));        // the next Monday 09:00, past the old due
        Assert.Empty(await Escalations());
        var waiting = await _zone.GetAsync<RequestDetails>($"/api/requests/{filed.Id}", _zone.KeyContactToken);
        Assert.Null(waiting.Request.Resolution.BreachedAt);
        var paused = Assert.Single((await _zone.GetAsync<Paged<PausedRequest>>("/api/requests/paused", _zone.SupervisorToken)).Items);
        Assert.Equal((filed.Id, TimeSpan.FromHours(96)), (paused.RequestId, paused.Waited));   // Tue 15 h, Wed-Fri, Mon 9 h: not the weekend

        var resumed = await _zone.Post($"/api/requests/{filed.Id}/information", new { text = "Certificate attached." }, _zone.KeyContactToken, 200)
            .Json<RequestView>();
        var expected = _zone.Clock.GetUtcNow().AddDays(2);                     // 48 h left from Monday 09:00: Wednesday 09:00
        Assert.Equal(expected, resumed.Resolution.Due);
        Assert.Equal(expected, resumed.Tasks.Single(t => t.Id == task.Id).Due);
        Assert.Equal(TimeSpan.FromHours(96), resumed.Resolution.Paused);
        Assert.Empty((await _zone.GetAsync<Paged<PausedRequest>>("/api/requests/paused", _zone.SupervisorToken)).Items);
        var timeline = await _zone.GetAsync<List<TimelineEntry>>($"/api/requests/{filed.Id}/timeline", _zone.SupervisorToken);
        Assert.Equal(["ClockPaused", "ClockResumed"], timeline.Where(e => e.Event.StartsWith("Clock")).Select(e => e.Event));

        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.Empty(await Escalations());
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(EscalationKind.ResolutionOverdue, Assert.Single(await Escalations()).Kind);
    }

    [Fact]
    public async Task the_dispatch_clock_does_not_pause()
    {
        var filed = await _zone.FileAsync();
        await Pause(filed.Id, _zone.SecretaryToken);
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(EscalationKind.DispatchOverdue, Assert.Single(await Escalations()).Kind);
    }

    [Fact]
    public async Task the_holder_resumes_without_the_enterprise_and_an_answer_while_paused_resumes_first()
    {
        var filed = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau)).Tasks[0];
        await Pause(filed.Id, _zone.EconomicToken);
        _zone.Clock.Advance(TimeSpan.FromHours(1));
        var resumed = await _zone.Post($"/api/requests/{filed.Id}/resume", null, _zone.EconomicToken, 200).Json<RequestView>();
        Assert.Equal(filed.Resolution.Due.AddHours(1), resumed.Resolution.Due);

        await Pause(filed.Id, _zone.EconomicToken);
        _zone.Clock.Advance(TimeSpan.FromHours(2));
        var answered = await _zone.ResolveAsync(filed.Id, task.Id, _zone.EconomicToken);
        Assert.Equal(RequestStatus.Answered, answered.Status);
        Assert.Equal(filed.Resolution.Due.AddHours(3), answered.Resolution.Due);
        Assert.Null(answered.Resolution.BreachedAt);
    }

    [Fact]
    public async Task pausing_beyond_two_times_needs_a_supervisor()
    {
        var filed = await _zone.FileAsync();
        await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau);
        for (var i = 0; i < 2; i++)
        {
            await Pause(filed.Id, _zone.EconomicToken);
            await _zone.Post($"/api/requests/{filed.Id}/resume", null, _zone.EconomicToken, 200);
        }
        var events = await _zone.EventCount(filed.Id);
        var refused = await _zone.Post($"/api/requests/{filed.Id}/pause", new { reason = "Once more" }, _zone.EconomicToken, 403).Json();
        Assert.Contains("supervisor", refused.GetProperty("detail").GetString());
        Assert.Equal(events, await _zone.EventCount(filed.Id));
        await Pause(filed.Id, _zone.SupervisorToken);
    }

    [Fact]
    public async Task bad_pauses_and_resumes_are_refused_and_append_nothing()
    {
        var filed = await _zone.FileAsync();
        await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau);
        var events = await _zone.EventCount(filed.Id);

        var noReason = await _zone.Post($"/api/requests/{filed.Id}/pause", new { reason = " " }, _zone.EconomicToken, 400).Json();
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        var tooLong = await _zone.Post($"/api/requests/{filed.Id}/pause", new { reason = new string('x', Limits.ShortText + 1) }, _zone.EconomicToken, 400).Json();
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("reason", out _));
        await _zone.Post($"/api/requests/{filed.Id}/resume", null, _zone.EconomicToken, 409);          // not paused
        await Pause(filed.Id, _zone.KeyContactToken, 403);                                             // contacts do not pause
        await Pause(filed.Id, _zone.MarketToken, 404);                                                 // a unit with no task does not even see it
        await Pause(Guid.NewGuid(), _zone.EconomicToken, 404);
        Assert.Equal(events, await _zone.EventCount(filed.Id));

        await Pause(filed.Id, _zone.EconomicToken);
        await Pause(filed.Id, _zone.EconomicToken, 409);                                               // paused already
        await _zone.Post($"/api/requests/{filed.Id}/withdraw", new { reason = "Solved ourselves" }, _zone.KeyContactToken, 200);
        events = await _zone.EventCount(filed.Id);
        await _zone.Post($"/api/requests/{filed.Id}/resume", null, _zone.EconomicToken, 409);          // closed
        await Pause(filed.Id, _zone.SecretaryToken, 409);
        Assert.Equal(events, await _zone.EventCount(filed.Id));
    }
}
