using ProjectTracker.Infrastructure;
using ProjectTracker.Supervision.Scorecards;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

/// <summary>Every number of every card of the scored zone, worked out by hand (see <see cref="ScoredZone"/>).</summary>
public class ScorecardTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    private const string March = "period=2030-03";

    private Task<ScorecardList> ListAsync(string unit, string? token = null) =>
        zone.GetAsync<ScorecardList>($"/api/scorecards?unit={unit}&{March}", token ?? zone.SupervisorToken);

    private async Task<Scorecard> CardAsync(string unit, Guid id) => (await ListAsync(unit)).Scorecards.Single(c => c.Unit.Id == id);

    [Fact]
    public async Task the_zone_counts_every_request_filed_in_the_period()
    {
        var c = (await ListAsync("zone")).Scorecards.Single();
        Assert.Equal((9L, 1L, 1L), (c.Received, c.Withdrawn, c.Rejected));
        // Dispatch: on time R1 R3 R4 R5 R8 (t2) and R7 (rejected t3); late R2 (t30); R9 pending; R6 void.
        // Working hours to dispatch 2,2,2,2,2,3,30: median the 4th (2), 90th percentile the 7th (30).
        Assert.Equal(new ClockFigures(6, 1, 1, 0.8571, 2, 30), c.Dispatch);
        // Answer: on time R1 R3 R5 (both cycles) R7; late R2 R4 R8 (running past t72); R9 pending.
        // Hours to the first answer 3 (R7), 6 (R5), 10, 60, 76, 80: median the 3rd (10), 90th the 6th (80).
        Assert.Equal(new ClockFigures(4, 3, 1, 0.5714, 10, 80), c.Answer);
        Assert.Equal(new PausedFigures(0, 0), c.Paused);
        Assert.Equal(new ReopenFigures(1, 6, 0.1667), c.Reopen);     // R5 of R1 R2 R3 R4 R5 R7
        AssertSatisfaction(c.Satisfaction, 3.67, [0, 1, 0, 1, 1], 3, 3, 1);   // 5, 2, 4 of R1 R2 R5 (closed after answer)
        Assert.Equal(new EscalationFigures(Raised: 4, Warning: 1, Accountability: 3, DispatchOverdue: 1, ResolutionOverdue: 3, MilestoneOverdue: 0,
            NoFault: 1, WarningIssued: 1, AccountabilityDecided: 1, Undecided: 1), c.Escalations);
        Assert.Equal(new NowFigures(OpenOverdue: 1, AtRisk: 1), c.Now);   // R8; R9
    }

    [Fact]
    public async Task a_secretary_is_credited_with_the_requests_of_their_key_enterprises()
    {
        var c = await CardAsync("secretary", zone.Secretary);
        Assert.Equal((6L, 0L, 1L), (c.Received, c.Withdrawn, c.Rejected));   // R1 R3 R4 R5 R7 R9
        Assert.Equal(new ClockFigures(5, 0, 1, 1, 2, 3), c.Dispatch);
        Assert.Equal(new ClockFigures(4, 1, 1, 0.8, 10, 76), c.Answer);       // 3, 6, 10, 60, 76
        Assert.Equal(new ReopenFigures(1, 5, 0.2), c.Reopen);
        AssertSatisfaction(c.Satisfaction, 4.5, [0, 0, 0, 1, 1], 2, 2, 1);
        Assert.Equal(0, c.Escalations.Raised);                               // R2's dispatch named the desk
        Assert.Equal(new NowFigures(0, 1), c.Now);
    }

    [Fact]
    public async Task a_department_is_credited_with_what_its_tasks_did_and_a_transfer_before_the_due_moves_the_credit()
    {
        // Economic: R1, R5 (on time in both cycles), R8 (late, open); not R3, transferred away at t50 before its due.
        var economic = await CardAsync("department", zone.EconomicBureau);
        Assert.Equal(3, economic.Received);
        Assert.Equal(new ClockFigures(3, 0, 0, 1, 2, 2), economic.Dispatch);
        Assert.Equal(new ClockFigures(2, 1, 0, 0.6667, 6, 10), economic.Answer);   // its own resolutions: R5 at 6 h, R1 at 10 h
        Assert.Equal(new ReopenFigures(1, 2, 0.5), economic.Reopen);
        AssertSatisfaction(economic.Satisfaction, 4.5, [0, 0, 0, 1, 1], 2, 2, 1);
        Assert.Equal(new EscalationFigures(1, 0, 1, 0, 1, 0, 0, 0, 1, 0), economic.Escalations);
        Assert.Equal(new NowFigures(1, 0), economic.Now);

        // Market: R2 (dispatched late, answered late) and R4, whose clock ran out while Market held it
        // (transferred after, resolved by Land at t76: the task's time counts for Market).
        var market = await CardAsync("department", zone.MarketBureau);
        Assert.Equal(2, market.Received);
        Assert.Equal(new ClockFigures(1, 1, 0, 0.5, 2, 30), market.Dispatch);
        Assert.Equal(new ClockFigures(0, 2, 0, 0, 76, 80), market.Answer);
        Assert.Equal(new ReopenFigures(0, 2, 0), market.Reopen);
        AssertSatisfaction(market.Satisfaction, 2, [0, 1, 0, 0, 0], 1, 1, 1);
        Assert.Equal(new EscalationFigures(2, 0, 2, 0, 2, 0, 0, 1, 0, 1), market.Escalations);
        Assert.Equal(new NowFigures(0, 0), market.Now);
    }

    [Fact]
    public async Task a_task_force_gets_the_task_transferred_to_it_in_time_not_the_one_that_came_after_the_due()
    {
        var land = await CardAsync("taskForce", zone.LandTaskForce);
        Assert.Equal(1, land.Received);                                      // R3; not R4
        Assert.Equal(new ClockFigures(1, 0, 0, 1, 2, 2), land.Dispatch);
        Assert.Equal(new ClockFigures(1, 0, 0, 1, 60, 60), land.Answer);
        AssertSatisfaction(land.Satisfaction, null, [0, 0, 0, 0, 0], 0, 0, null);   // R3 answered, not yet confirmed
        Assert.Equal(0, land.Escalations.Raised);
    }

    [Fact]
    public async Task every_figure_of_a_unit_lists_the_requests_that_make_it()
    {
        async Task<string[]> Numbers(Guid unit, string figure) =>
            [.. (await zone.GetAsync<UnitScorecard>($"/api/scorecards/{unit}?{March}&figure={figure}", zone.SupervisorToken)).Requests.Items.Select(l => l.Number)];
        string[] N(params ProjectTracker.Requests.RequestView[] r) => [.. r.Select(x => x.Number).Order()];

        Assert.Equal(N(zone.R2, zone.R4), await Numbers(zone.MarketBureau, "answerLate"));
        Assert.Equal(N(zone.R1, zone.R5), await Numbers(zone.EconomicBureau, "answerOnTime"));
        Assert.Equal(N(zone.R8), await Numbers(zone.EconomicBureau, "overdueNow"));
        Assert.Equal(N(zone.R2), await Numbers(ProjectTracker.Supervision.Scorecards.Credits.ZoneId, "dispatchLate"));
        Assert.Equal(N(zone.R9), await Numbers(zone.Secretary, "atRiskNow"));
        Assert.Equal(N(zone.R5), await Numbers(zone.Secretary, "reopened"));

        var all = await zone.GetAsync<UnitScorecard>($"/api/scorecards/{zone.MarketBureau}?{March}&pageSize=1&page=2", zone.SupervisorToken);
        Assert.Equal((2L, 1), (all.Requests.Total, all.Requests.Items.Count));
        Assert.Equal(new[] { zone.R2AnswerEscalation, zone.R4Escalation }.Order(), all.Escalations.Select(e => e.EscalationId).Order());
        var r4 = (await zone.GetAsync<UnitScorecard>($"/api/scorecards/{zone.MarketBureau}?{March}", zone.SupervisorToken)).Requests.Items
            .Single(l => l.Number == zone.R4.Number);
        Assert.Equal((Verdict.OnTime, Verdict.Late, 76.0), (r4.Dispatch, r4.Answer, r4.HoursToAnswer));
    }

    [Fact]
    public async Task another_month_counts_nothing_and_bad_periods_name_the_parameter()
    {
        var april = await zone.GetAsync<ScorecardList>("/api/scorecards?unit=zone&period=2030-04", zone.SupervisorToken);
        Assert.Equal(0, april.Scorecards.Single().Received);
        Assert.Equal(new NowFigures(1, 1), april.Scorecards.Single().Now);   // "now" is whatever the period
        var range = await zone.GetAsync<ScorecardList>("/api/scorecards?unit=zone&from=2030-03-04&to=2030-03-04", zone.SupervisorToken);
        Assert.Equal(8, range.Scorecards.Single().Received);                // R9 was filed on the 8th

        (await zone.Get("/api/scorecards?period=2030-13", zone.SupervisorToken, 400).Json()).ErrorsFor("period");
        (await zone.Get("/api/scorecards?from=2030-03-05&to=2030-03-01", zone.SupervisorToken, 400).Json()).ErrorsFor("to");
        (await zone.Get("/api/scorecards?unit=planet", zone.SupervisorToken, 400).Json()).ErrorsFor("unit");
        (await zone.Get($"/api/scorecards/{zone.MarketBureau}?figure=everything", zone.SupervisorToken, 400).Json()).ErrorsFor("figure");
        await zone.Get($"/api/scorecards/{Guid.NewGuid()}", zone.SupervisorToken, 404);
    }

    [Fact]
    public async Task supervisors_see_every_unit_staff_their_department_a_lead_their_task_force_contacts_nothing()
    {
        Assert.Equal(3, (await ListAsync("department", zone.AdminToken)).Scorecards.Count);   // with the administration office, which did nothing
        Assert.Equal([zone.EconomicBureau], (await ListAsync("department", zone.EconomicToken)).Scorecards.Select(c => c.Unit.Id));
        Assert.Equal([zone.LandTaskForce], (await ListAsync("taskForce", zone.LeadToken)).Scorecards.Select(c => c.Unit.Id));
        await zone.Get($"/api/scorecards?unit=taskForce&{March}", zone.EconomicToken, 403);
        await zone.Get($"/api/scorecards?unit=zone&{March}", zone.LeadToken, 403);
        await zone.Get($"/api/scorecards/{zone.MarketBureau}?{March}", zone.EconomicToken, 403);
        await zone.Get($"/api/scorecards/{zone.EconomicBureau}?{March}", zone.EconomicToken);
        await zone.Get($"/api/scorecards/{zone.LandTaskForce}?{March}", zone.LeadToken);
        await zone.Get($"/api/scorecards?unit=department&{March}", zone.KeyContactToken, 403);
        await zone.Get($"/api/scorecards/{zone.EconomicBureau}?{March}", zone.KeyContactToken, 403);
    }

    private static void AssertSatisfaction(SatisfactionFigures actual, double? mean, long[] distribution, long rated, long closed, double? share)
    {
        Assert.Equal(mean, actual.Mean);
        Assert.Equal(distribution, actual.Distribution);
        Assert.Equal((rated, closed, share), (actual.Rated, actual.ClosedAfterAnswer, actual.RatedShare));
    }
}
