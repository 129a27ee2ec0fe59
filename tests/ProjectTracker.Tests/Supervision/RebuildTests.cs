using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Supervision.Rankings;
using ProjectTracker.Supervision.Scorecards;
using ProjectTracker.Tests.Fixtures;
using Wolverine;

namespace ProjectTracker.Tests.Supervision;

/// <summary>`rebuild-scorecards` replays the event store into the same numbers the inline projection kept.</summary>
public class RebuildTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    private ProjectTracker.Deadlines.Calendars.ZoneCalendars Calendars => zone.Host.Services.GetRequiredService<ProjectTracker.Deadlines.Calendars.ZoneCalendars>();

    [Fact]
    public async Task a_rebuild_from_the_events_gives_the_same_numbers()
    {
        var before = await EverythingAsync();
        var store = zone.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.DeleteWhere<RequestOutcome>(_ => true);   // nothing left to fall back on
            await session.SaveChangesAsync();
        }
        Assert.Equal(0, (await zone.GetAsync<ScorecardList>("/api/scorecards?unit=zone&period=2030-03", zone.SupervisorToken)).Scorecards.Single().Received);

        Assert.Equal(9, await RebuildScorecardsCommand.RebuildAsync(store, Calendars, CancellationToken.None));
        Assert.Equal(before, await EverythingAsync());
    }

    [Fact]
    public async Task the_credit_rows_the_scorecards_count_are_the_outcomes_credits_as_marten_reads_them()
    {
        var store = zone.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var expected = (await session.Query<RequestOutcome>().ToListAsync())
            .SelectMany(o => o.Credits.Select(c => (o.Id, o.FiledOn, o.IsOpen, c))).OrderBy(x => x.ToString()).ToList();
        var serializer = store.Options.Serializer();
        var rows = (await session.QueryAsync<string>(
                $"select jsonb_build_object('Id', request_id, 'FiledOn', filed_on, 'IsOpen', is_open, 'Credit', to_jsonb(k) - 'request_id' - 'filed_on' - 'is_open')::text " +
                $"from {store.Options.DatabaseSchemaName}.{CreditTable.Name} k"))
            .Select(text => serializer.FromJson<Row>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))))
            .Select(r => (r.Id, r.FiledOn, r.IsOpen, r.Credit)).OrderBy(x => x.ToString()).ToList();
        Assert.True(expected.Count > 9, "the zone has too few credits to compare");
        Assert.Equal(expected, rows);
    }

    private sealed record Row(Guid Id, DateOnly FiledOn, bool IsOpen, Credit Credit);

    /// <summary>Every card of every kind, the drill-downs and the ranking, as the API writes them.</summary>
    private async Task<string> EverythingAsync()
    {
        var text = new List<string>();
        foreach (var unit in new[] { "zone", "secretary", "department", "taskForce" })
            text.Add(await (await zone.Get($"/api/scorecards?unit={unit}&period=2030-03", zone.SupervisorToken)).ReadAsTextAsync());
        foreach (var id in new[] { zone.EconomicBureau, zone.MarketBureau, zone.LandTaskForce, zone.Secretary, Credits.ZoneId })
            text.Add(await (await zone.Get($"/api/scorecards/{id}?period=2030-03", zone.SupervisorToken)).ReadAsTextAsync());
        text.Add(await (await zone.Get("/api/rankings?period=2030-03", zone.SupervisorToken)).ReadAsTextAsync());
        Assert.Contains("\"received\":9", text[0]);
        return string.Join("\n", text);
    }
}

/// <summary>
/// The deadline sweep holds its transaction open with event sequence numbers taken (its look-ahead).
/// The outcomes are inline, so they never wait on that gap; the escalations it raises are counted
/// from the documents its COPY writes in that same transaction; and a rebuild run by Marten's daemon
/// while the gap is open still sees every request event committed after it.
/// </summary>
public class SweepInFlightTests(Zone zone) : IClassFixture<Zone>
{
    private ProjectTracker.Deadlines.Calendars.ZoneCalendars Calendars => zone.Host.Services.GetRequiredService<ProjectTracker.Deadlines.Calendars.ZoneCalendars>();

    [Fact]
    public async Task a_sweep_in_flight_neither_hides_a_later_command_from_the_outcomes_nor_loses_an_escalation()
    {
        var unanswered = await zone.FileAsync(title: "Will be escalated");
        var dispatchDue = unanswered.Dispatch.Due;
        zone.Clock.Advance(dispatchDue - zone.Clock.GetUtcNow() - TimeSpan.FromSeconds(2));

        // The sweep reads ahead, writes the escalation (taking its sequence number) and waits for the due on the fake clock.
        Task<SweepOutcome> sweep;
        using (var scope = zone.Host.Services.CreateScope())
            sweep = scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<SweepOutcome>(new SweepDeadlines(LookAhead: TimeSpan.FromSeconds(5)));
        await zone.WaitForBackendAsync("state = 'idle in transaction' and query like '%mt_doc_escalation%'");

        // Meanwhile a request is filed and dispatched: its events take later sequence numbers and commit first.
        var later = await zone.FileAsync(title: "Filed while the sweep waits");
        await zone.DispatchAsync(later.Id, zone.EconomicBureau);
        var card = await ZoneCardAsync();
        Assert.Equal((2L, 1L, 0L), (card.Received, card.Dispatch.OnTime, card.Escalations.Raised));   // exact at once, inline

        // A rebuild across the open gap: the request events past it are all replayed (Marten's daemon stopped at the gap).
        var store = zone.Host.Services.GetRequiredService<IDocumentStore>();
        Assert.Equal(2, await RebuildScorecardsCommand.RebuildAsync(store, Calendars, CancellationToken.None));
        Assert.Equivalent(card, await ZoneCardAsync(), strict: true);

        zone.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, (await sweep).Raised);
        card = await ZoneCardAsync();
        Assert.Equal((2L, 1L, 1L, 1L, 1L), (card.Received, card.Dispatch.OnTime, card.Dispatch.Late, card.Escalations.Raised, card.Escalations.DispatchOverdue));
        Assert.Equal(2, await RebuildScorecardsCommand.RebuildAsync(store, Calendars, CancellationToken.None));
        Assert.Equivalent(card, await ZoneCardAsync(), strict: true);
    }

    private async Task<Scorecard> ZoneCardAsync() =>
        (await zone.GetAsync<ScorecardList>("/api/scorecards?unit=zone", zone.SupervisorToken)).Scorecards.Single();
}
