using System.Text.Json;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Approvals;
using ProjectTracker.Projects.Reading;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>The portfolio names projects whose planned start the checklist puts at risk, with the blocking procedures (2030: weekends only).</summary>
public class StartAtRiskTests : IAsyncLifetime
{
    private readonly ProjectZone _zone = new();   // Monday 2030-03-04 09:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private async Task<(Guid Project, Guid Item)> StartingWithAsync(DateOnly start, string kind, decimal investmentYuan)
    {
        var id = (await _zone.RegisterAsync(investmentYuan: investmentYuan, plans: ProjectZone.Plan("ConstructionStarted", start))).Id;
        var added = await _zone.PostAsync($"/api/projects/{id}/checklist", new { kind, departmentId = _zone.EconomicBureau }, _zone.MemberToken);
        return (id, (await added.ReadAsJsonAsync<ChecklistView>())!.Items.Single().Id);
    }

    private async Task<List<PortfolioItem>> AtRiskAsync() =>
        [.. (await _zone.GetAsync<Paged<PortfolioItem>>("/api/projects?startAtRiskOnly=true", _zone.SupervisorToken)).Items];

    [Fact]
    public async Task a_chain_that_cannot_fit_or_an_overdue_procedure_puts_the_start_at_risk_and_names_the_blocking_procedures()
    {
        // Land use (20 working days) due Friday 04-12 may start as late as 03-18: it fits.
        var (fits, _) = await StartingWithAsync(new DateOnly(2030, 4, 15), "LandUse", 3_000_000_000m);
        // Due Friday 03-22 it should have started Monday 02-25: five working days short today.
        var (tight, land) = await StartingWithAsync(new DateOnly(2030, 3, 25), "LandUse", 2_000_000_000m);
        var (dropped, _) = await StartingWithAsync(new DateOnly(2030, 3, 25), "LandUse", 4_000_000_000m);
        await _zone.PostAsync($"/api/projects/{dropped}/cancel", new { reason = "Investor withdrew." }, _zone.LeadToken);
        // A construction permit (5 days) due Friday 03-08, applied for today: fits until its due passes.
        var (due, permit) = await StartingWithAsync(new DateOnly(2030, 3, 11), "ConstructionPermit", 1_000_000_000m);
        await _zone.PostAsync($"/api/projects/{due}/checklist/{permit}/apply", new { }, _zone.MemberToken);

        var first = Assert.Single(await AtRiskAsync());
        Assert.Equal(tight, first.Id);
        Assert.True(first.StartAtRisk);
        Assert.Equal(new BlockingProcedure(land, "LandUse", new DateOnly(2030, 3, 22), ProcedureState.NotApplied, BlockingReason.CannotFit, 5),
            Assert.Single(first.BlockingProcedures));
        var all = (await _zone.GetAsync<Paged<PortfolioItem>>("/api/projects", _zone.SupervisorToken)).Items;
        Assert.False(all.Single(p => p.Id == fits).StartAtRisk);
        Assert.Empty(all.Single(p => p.Id == dropped).BlockingProcedures);

        await _zone.AdvanceToAsync(ProjectZone.EndOf(new DateOnly(2030, 3, 8)).AddMinutes(1));
        var atRisk = await AtRiskAsync();
        Assert.Equal([tight, due], atRisk.Select(p => p.Id));   // largest investment first
        Assert.Equal((permit, BlockingReason.Overdue, ProcedureState.Applied),
            (atRisk[1].BlockingProcedures.Single().ItemId, atRisk[1].BlockingProcedures.Single().Reason, atRisk[1].BlockingProcedures.Single().State));
        var second = await _zone.GetAsync<Paged<PortfolioItem>>("/api/projects?startAtRiskOnly=true&pageSize=1&page=2", _zone.SupervisorToken);
        Assert.Equal((2L, due), (second.Total, second.Items.Single().Id));
        Assert.Empty((await _zone.GetAsync<Paged<PortfolioItem>>("/api/projects?startAtRiskOnly=true", _zone.OtherContactToken)).Items);

        // Approved, the permit no longer blocks.
        await _zone.PostAsync($"/api/projects/{due}/checklist/{permit}/approve", new { }, _zone.MemberToken);
        Assert.Equal([tight], (await AtRiskAsync()).Select(p => p.Id));
    }

    [Fact]
    public async Task a_bad_filter_value_is_refused_naming_it()
    {
        var refused = await _zone.Host.Scenario(s =>
        {
            s.Get.Url("/api/projects?startAtRiskOnly=perhaps"); s.WithBearerToken(_zone.SupervisorToken); s.StatusCodeShouldBe(400);
        });
        Assert.Contains("startAtRiskOnly", await refused.ReadAsTextAsync());
    }

    [Fact]
    public async Task the_timeline_shows_the_procedures_beside_the_milestones_and_their_events_in_the_stream()
    {
        var (id, permit) = await StartingWithAsync(new DateOnly(2030, 3, 11), "ConstructionPermit", 1_000_000_000m);
        await _zone.PostAsync($"/api/projects/{id}/checklist/{permit}/apply", new { }, _zone.MemberToken);

        var timeline = await _zone.GetAsync<JsonElement>($"/api/projects/{id}/timeline", _zone.KeyContactToken);
        var procedure = Assert.Single(timeline.GetProperty("procedures").EnumerateArray());
        Assert.Equal(("ConstructionPermit", "施工许可", "Applied", "2030-03-08"), (procedure.GetProperty("kind").GetString(),
            procedure.GetProperty("kindZh").GetString(), procedure.GetProperty("state").GetString(), procedure.GetProperty("due").GetString()));
        Assert.Equal(6, timeline.GetProperty("milestones").GetArrayLength());
        var events = timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(["ProjectRegistered", "MilestonePlanned", "ProcedureAdded", "ProcedureApplied"], events);
    }
}
