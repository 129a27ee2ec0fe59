using ProjectTracker.Supervision.Rankings;
using ProjectTracker.Supervision.Scorecards;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

public class RankingTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    [Fact]
    public async Task the_red_flag_ranks_departments_and_task_forces_by_the_stated_formula_and_lists_small_units_apart()
    {
        var ranking = await zone.GetAsync<Ranking>("/api/rankings?period=2030-03", zone.SupervisorToken);
        // The zone's own settings: 2 requests to be ranked; default weights 0.6 / 0.3 / 0.1.
        Assert.Equal(2, ranking.Options.MinimumRequests);
        Assert.Contains("0.6 × on-time answer rate + 0.3 × on-time dispatch rate + 0.1 × (mean satisfaction − 1) ÷ 4", ranking.Formula);
        // Economic: 0.6 × 2/3 + 0.3 × 1 + 0.1 × (4.5 - 1) / 4 = 0.7875 (its answer rate, 0.6667, as the card shows it).
        // Market: 0.6 × 0 + 0.3 × 0.5 + 0.1 × (2 - 1) / 4 = 0.175.
        Assert.Equal([(1, zone.EconomicBureau, 0.7875), (2, zone.MarketBureau, 0.175)],
            ranking.Ranked.Select(r => (r.Rank, r.Unit.Id, r.Score)));
        Assert.Equal("Highest score.", ranking.Ranked[0].Explanation);
        Assert.Equal("Score 0.175 below Economic Development Bureau's 0.7875.", ranking.Ranked[1].Explanation);
        // Land (1 request) and the administration office (none) are listed apart, by name.
        Assert.Equal([(zone.LandTaskForce, 1L)], ranking.Unranked.Where(u => u.Received > 0).Select(u => (u.Unit.Id, u.Received)));
        Assert.All(ranking.Unranked, u => Assert.Contains("fewer than the 2 needed", u.Reason));
    }

    [Fact]
    public async Task rankings_are_for_supervisors_and_administrators_and_refuse_ranking_the_zone()
    {
        await zone.Get("/api/rankings?period=2030-03", zone.AdminToken);
        await zone.Get("/api/rankings?period=2030-03", zone.LeadToken, 403);
        await zone.Get("/api/rankings?period=2030-03", zone.EconomicToken, 403);
        await zone.Get("/api/rankings?period=2030-03", zone.KeyContactToken, 403);
        (await zone.Get("/api/rankings?unit=zone", zone.SupervisorToken, 400).Json()).ErrorsFor("unit");
        var secretaries = await zone.GetAsync<Ranking>("/api/rankings?period=2030-03&unit=secretary", zone.SupervisorToken);
        Assert.Equal(zone.Secretary, secretaries.Ranked.Single().Unit.Id);   // 6 requests; answer 0.8, dispatch 1, satisfaction 4.5
        Assert.Equal(Math.Round((0.6 * 0.8 + 0.3 * 1 + 0.1 * 0.875) / 1.0, 4), secretaries.Ranked.Single().Score);
    }
}

/// <summary>The ranking rule alone, on made-up cards: ties are stable and explained.</summary>
public class RedFlagTests
{
    private static readonly Period March = new(new DateOnly(2030, 3, 1), new DateOnly(2030, 3, 31));

    private static Scorecard Card(string name, double? answer, double? dispatch, double? satisfaction = null, long received = 10) =>
        new(new Unit(UnitKind.Department, ProjectTracker.Infrastructure.StableId.From(name), name), March, received, 0, 0,
            new ClockFigures(0, 0, 0, dispatch, null, null), new ClockFigures(0, 0, 0, answer, null, null), new PausedFigures(0, 0),
            new ReopenFigures(0, 0, null), new SatisfactionFigures(satisfaction, [0, 0, 0, 0, 0], 0, 0, null),
            new EscalationFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), new NowFigures(0, 0));

    [Fact]
    public void equal_scores_are_decided_by_the_answer_rate_and_units_equal_on_everything_share_a_rank_listed_by_name()
    {
        var even = new RankingOptions { AnswerWeight = 0.5, DispatchWeight = 0.5, SatisfactionWeight = 0, MinimumRequests = 5 };
        var cards = new[]
        {
            Card("F answers nothing on time", answer: 0, dispatch: 1),
            Card("H even", answer: 0.5, dispatch: 0.5),
            Card("G even", answer: 0.5, dispatch: 0.5),
            Card("E answers all on time", answer: 1, dispatch: 0),
            Card("Small", answer: 1, dispatch: 1, received: 4),
            Card("Idle", answer: null, dispatch: null),
        };
        var ranking = RedFlag.Rank(cards, even, March, DateTimeOffset.UnixEpoch);

        Assert.Equal([(1, "E answers all on time", 0.5), (2, "G even", 0.5), (2, "H even", 0.5), (4, "F answers nothing on time", 0.5)],
            ranking.Ranked.Select(r => (r.Rank, r.Unit.Name, r.Score)));
        Assert.Equal("Score equal to E answers all on time's; placed after it on on-time answer rate.", ranking.Ranked[1].Explanation);
        Assert.Equal("Tied with G even on every criterion: same rank, listed by name.", ranking.Ranked[2].Explanation);
        Assert.Equal(["Idle", "Small"], ranking.Unranked.Select(u => u.Unit.Name));
        Assert.StartsWith("Nothing judged yet", ranking.Unranked[0].Reason);
        // The same cards in another order rank the same.
        Assert.Equal(ranking.Ranked, RedFlag.Rank([.. cards.Reverse()], even, March, DateTimeOffset.UnixEpoch).Ranked);
    }

    [Fact]
    public void a_unit_without_ratings_is_scored_on_the_terms_it_has()
    {
        var o = new RankingOptions();   // 0.6, 0.3, 0.1
        Assert.Equal(Math.Round((0.6 * 1 + 0.3 * 0.5) / 0.9, 4), RedFlag.Score(Card("A", 1, 0.5), o));
        Assert.Equal(Math.Round(0.6 * 1 + 0.3 * 0.5 + 0.1 * 1, 4), RedFlag.Score(Card("B", 1, 0.5, satisfaction: 5), o));
        Assert.Null(RedFlag.Score(Card("C", null, null), o));
    }
}
