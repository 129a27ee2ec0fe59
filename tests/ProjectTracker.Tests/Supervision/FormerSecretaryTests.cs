using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

/// <summary>A secretary whose enterprise went to someone else keeps their card: the credits name them, not the directory's present.</summary>
public class FormerSecretaryTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    [Fact]
    public async Task a_secretary_no_enterprise_has_any_more_still_has_the_card_of_what_they_held_and_other_staff_have_none()
    {
        var before = (await zone.Get($"/api/scorecards/{zone.Secretary}?period=2030-03", zone.SupervisorToken).Json()).GetProperty("scorecard").GetProperty("received").GetInt64();
        await zone.Put($"/api/enterprises/{zone.KeyEnterprise}/secretary", new { secretaryId = zone.Desk }, zone.AdminToken);

        var after = (await zone.Get($"/api/scorecards/{zone.Secretary}?period=2030-03", zone.SupervisorToken).Json()).GetProperty("scorecard").GetProperty("received").GetInt64();
        Assert.True(after > 0);
        Assert.Equal(before, after);
        await zone.Get($"/api/scorecards/{zone.EconomicStaff}?period=2030-03", zone.SupervisorToken, 404);
    }
}
