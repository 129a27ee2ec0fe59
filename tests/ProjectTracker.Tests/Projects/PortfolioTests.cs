using Alba;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Reading;

namespace ProjectTracker.Tests.Projects;

/// <summary>Given a small portfolio in a zone of its own: the list, its filters and the summary.</summary>
public class PortfolioTests(ProjectZone zone) : IClassFixture<ProjectZone>
{
    [Fact]
    public async Task the_portfolio_filters_by_task_force_stage_industry_and_lateness_and_sums_by_stage()
    {
        var today = zone.Today;
        var bearings = await zone.RegisterAsync(name: "Bearings", investmentYuan: 10_000_000_000m, industry: "Equipment",
            plans: [ProjectZone.Plan("Signed", today.AddDays(3)), ProjectZone.Plan("ConstructionStarted", today.AddDays(1))]);
        await zone.AchieveAsync(bearings.Id, "Signed", today);
        var foods = await zone.RegisterAsync(zone.ParkLeadToken, zone.ParkTaskForce, zone.OtherEnterprise, name: "Foods", investmentYuan: 5_000_000_000m, industry: "Food");
        var valves = await zone.RegisterAsync(name: "Valves", investmentYuan: 2_000_000_000m, industry: "equipment",
            plans: [ProjectZone.Plan("Signed", today.AddDays(5))]);
        var dropped = await zone.RegisterAsync(name: "Dropped", investmentYuan: 7_000_000_000m);
        await zone.PostAsync($"/api/projects/{dropped.Id}/cancel", new { reason = "Investor withdrew." }, zone.LeadToken);

        var summary = await zone.GetAsync<PortfolioSummary>("/api/projects/summary", zone.SupervisorToken);
        Assert.Equal(3, summary.Projects);
        Assert.Equal(17_000_000_000m, summary.InvestmentYuan);
        Assert.Equal((2, 7_000_000_000m), Stage(summary, ProjectStage.Registered));
        Assert.Equal((1, 10_000_000_000m), Stage(summary, ProjectStage.Signed));
        Assert.Equal((0, 0m), Stage(summary, ProjectStage.FullProduction));
        Assert.Equal(0, summary.LateMilestones);
        Assert.Equal(today.Year, summary.Year);
        Assert.Equal(1, summary.AchievedAheadOfPlanThisYear);

        await zone.AdvanceToAsync(ProjectZone.EndOf(today.AddDays(1)).AddMinutes(1));   // bearings' construction start lapses

        Assert.Equal(1, (await zone.GetAsync<PortfolioSummary>("/api/projects/summary", zone.SupervisorToken)).LateMilestones);
        Assert.Equal([bearings.Id, dropped.Id, foods.Id, valves.Id], await Ids("", zone.SupervisorToken));
        Assert.Equal([foods.Id], await Ids($"taskForceId={zone.ParkTaskForce}", zone.SupervisorToken));
        Assert.Equal([bearings.Id], await Ids("stage=Signed", zone.SupervisorToken));
        Assert.Equal([bearings.Id, dropped.Id, valves.Id], await Ids("industry=EQUIPMENT", zone.SupervisorToken));
        Assert.Equal([bearings.Id], await Ids("lateOnly=true", zone.SupervisorToken));
        Assert.Equal([dropped.Id], await Ids("status=Cancelled", zone.SupervisorToken));
        Assert.Equal([bearings.Id, dropped.Id, valves.Id], await Ids("", zone.MemberToken));
        Assert.Equal([foods.Id], await Ids("", zone.ParkMemberToken));
        Assert.Equal([foods.Id], await Ids("", zone.OtherContactToken));
        Assert.Empty(await Ids("", zone.SecretaryToken));
        Assert.Equal(1, (await zone.GetAsync<PortfolioSummary>("/api/projects/summary", zone.ParkLeadToken)).Projects);

        var page = await zone.GetAsync<Paged<PortfolioItem>>("/api/projects?pageSize=2&page=2", zone.SupervisorToken);
        Assert.Equal(4, page.Total);
        Assert.Equal([foods.Id, valves.Id], page.Items.Select(p => p.Id));
        Assert.True((await zone.GetAsync<Paged<PortfolioItem>>("/api/projects", zone.SupervisorToken)).Items.Single(p => p.Id == bearings.Id).Late);
        await zone.Host.Scenario(s => { s.Get.Url("/api/projects?stage=Opened"); s.WithBearerToken(zone.SupervisorToken); s.StatusCodeShouldBe(400); });
        await zone.Host.Scenario(s => { s.Get.Url($"/api/projects?industry={new string('x', 201)}"); s.WithBearerToken(zone.SupervisorToken); s.StatusCodeShouldBe(400); });
    }

    private static (int, decimal) Stage(PortfolioSummary summary, ProjectStage stage)
    {
        var total = summary.Stages.Single(s => s.Stage == stage);
        return (total.Projects, total.InvestmentYuan);
    }

    private async Task<List<Guid>> Ids(string query, string token) =>
        (await zone.GetAsync<Paged<PortfolioItem>>($"/api/projects?pageSize=200&{query}", token)).Items.Select(p => p.Id).ToList();
}
