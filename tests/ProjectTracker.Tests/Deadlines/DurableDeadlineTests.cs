using Alba;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Deadlines;

/// <summary>A zone whose dispatch deadline is a few real seconds, on the system clock.</summary>
public class ZoneWithShortDeadlines : Zone
{
    protected override bool RealClock => true;
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // 4 s and 1 h of elapsed time: the real durable path, independent of today's calendar.
        ["Deadlines:Dispatch:Unit"] = "CalendarHours", ["Deadlines:Dispatch:Length"] = (4 / 3600.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["Deadlines:Resolution:Unit"] = "CalendarHours", ["Deadlines:Resolution:Length"] = "1",
    };
}

/// <summary>
/// The only tests that wait on real time: request deadlines are due times in PostgreSQL that the
/// host's sweeper escalates, and they survive the host that set them.
/// </summary>
public class DurableDeadlineTests : IAsyncLifetime
{
    private readonly ZoneWithShortDeadlines _zone = new();
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private async Task<List<EscalationView>> WaitForEscalations(int expected, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var page = await _zone.GetAsync<Paged<EscalationView>>("/api/escalations?pageSize=200", _zone.SupervisorToken);
            if (page.Items.Count >= expected || DateTime.UtcNow > until) return page.Items.ToList();
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task a_real_scheduled_deadline_fires_and_escalates()
    {
        var late = await _zone.FileAsync();
        var met = await _zone.FileAsync();
        await _zone.DispatchAsync(met.Id, _zone.EconomicBureau);

        var escalations = await WaitForEscalations(1, TimeSpan.FromSeconds(30));

        Assert.Equal([late.Id], escalations.Select(e => e.RequestId));
    }

    [Fact]
    public async Task deadlines_pending_when_the_host_stops_fire_exactly_once_on_a_new_host()
    {
        var pending = new List<Guid>();
        for (var i = 0; i < 5; i++) pending.Add((await _zone.FileAsync()).Id);
        var met = await _zone.FileAsync();
        await _zone.DispatchAsync(met.Id, _zone.EconomicBureau);

        await _zone.Host.DisposeAsync();                       // stops with five deadlines pending
        _zone.Host = await _zone.StartHostAsync(_zone.ConnectionString);

        var escalations = await WaitForEscalations(pending.Count, TimeSpan.FromSeconds(45));
        await Task.Delay(TimeSpan.FromSeconds(3));             // room for a duplicate to show up
        escalations = await WaitForEscalations(pending.Count + 1, TimeSpan.Zero);

        Assert.Equal(pending.Order(), escalations.Select(e => e.RequestId!.Value).Order());
        foreach (var id in pending)
        {
            var timeline = await _zone.GetAsync<List<TimelineEntry>>($"/api/requests/{id}/timeline", _zone.SupervisorToken);
            Assert.Single(timeline, e => e.Event == nameof(EscalationRaised));
        }
    }

    [Fact]
    public async Task deadlines_that_fell_due_while_no_node_ran_escalate_as_soon_as_a_node_starts()
    {
        var pending = new List<Guid>();
        for (var i = 0; i < 3; i++) pending.Add((await _zone.FileAsync()).Id);
        await _zone.Host.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));              // every dispatch deadline passes while down

        _zone.Host = await _zone.StartHostAsync(_zone.ConnectionString);
        // The first sweep waits for the host to have started, then runs at once (it used to fail
        // before Wolverine had started and retry 5 s later).
        var escalations = await WaitForEscalations(pending.Count, TimeSpan.FromSeconds(2.5));
        Assert.Equal(pending.Order(), escalations.Select(e => e.RequestId!.Value).Order());
    }
}
