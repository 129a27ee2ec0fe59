using Alba;
using Microsoft.Extensions.Time.Testing;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Deadlines;

/// <summary>Clocks are judged by event time, however late or early the sweep runs relative to the commands.</summary>
public class EventTimeTests : IAsyncLifetime
{
    private readonly Zone _zone = new();   // Monday 09:00; dispatch due Tuesday 09:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private async Task<IReadOnlyList<EscalationView>> Escalations(string query = "") =>
        (await _zone.GetAsync<Paged<EscalationView>>($"/api/escalations?pageSize=200{query}", _zone.SupervisorToken)).Items;

    [Fact]
    public async Task a_dispatch_one_second_late_while_the_sweep_is_held_up_is_escalated_once()
    {
        var filed = await _zone.FileAsync();
        var control = await _zone.FileAsync();
        _zone.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));   // the due passes; no sweep runs
        await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau);

        var raised = Assert.Single(await Escalations());                      // raised by the late dispatch itself
        Assert.Equal((filed.Id, filed.Dispatch.Due, EscalationKind.DispatchOverdue), (raised.RequestId!.Value, raised.DueAt, raised.Kind));

        Assert.Equal(1, await _zone.SweepAsync());                             // the sweep, late, adds only the control's
        Assert.Equal(new[] { control.Id, filed.Id }.Order(), (await Escalations()).Select(e => e.RequestId!.Value).Order());
        Assert.Equal(0, await _zone.SweepAsync());
    }

    [Fact]
    public async Task an_answer_after_the_resolution_due_before_any_sweep_is_escalated()
    {
        var filed = await _zone.FileAsync();
        var task = (await _zone.DispatchAsync(filed.Id, _zone.EconomicBureau)).Tasks[0];
        _zone.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));
        await _zone.ResolveAsync(filed.Id, task.Id, _zone.EconomicToken);
        var raised = Assert.Single(await Escalations());
        Assert.Equal((EscalationKind.ResolutionOverdue, filed.Resolution.Due), (raised.Kind, raised.DueAt));
        Assert.Equal(0, await _zone.SweepAsync());
    }

    [Fact]
    public async Task a_dispatch_decided_before_the_due_but_committed_after_the_sweep_voids_the_warning()
    {
        var filed = await _zone.FileAsync();
        // The sweep runs just after the due and sees no dispatch...
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var warning = Assert.Single(await Escalations());
        // ...while another node had decided the dispatch a second before the due; it commits only now.
        var earlier = new FakeTimeProvider(filed.Dispatch.Due - TimeSpan.FromSeconds(1));
        await using var node = await _zone.StartHostAsync(_zone.ConnectionString, earlier);
        await node.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { tasks = new[] { new { assigneeKind = "Department", assigneeId = _zone.EconomicBureau, instructions = "Please handle." } } })
                .ToUrl($"/api/requests/{filed.Id}/dispatch");
            s.WithBearerToken(_zone.SecretaryToken);
            s.StatusCodeShouldBeOk();
        });

        for (var until = DateTime.UtcNow.AddSeconds(15); (await Escalations()).Count > 0; await Task.Delay(50))
            Assert.True(DateTime.UtcNow < until, "The warning was not voided.");
        var voided = Assert.Single(await Escalations("&status=Voided"));
        Assert.Equal(warning.Id, voided.Id);
        Assert.Contains("by its due time", voided.VoidedBecause);
    }
}
