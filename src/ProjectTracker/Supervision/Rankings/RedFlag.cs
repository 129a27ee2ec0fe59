using System.Globalization;
using ProjectTracker.Supervision.Scorecards;

namespace ProjectTracker.Supervision.Rankings;

public sealed record RankedUnit(int Rank, Unit Unit, double Score, double? AnswerOnTimeRate, double? DispatchOnTimeRate, double? SatisfactionMean,
    long Received, string Explanation);

public sealed record UnrankedUnit(Unit Unit, long Received, string Reason);

/// <summary>The mobile red flag (流动红旗): the units of a period in order, the formula and tie rule that put them there.</summary>
public sealed record Ranking(Period Period, DateTimeOffset At, string Formula, string TieRule, RankingOptions Options,
    IReadOnlyList<RankedUnit> Ranked, IReadOnlyList<UnrankedUnit> Unranked);

/// <summary>Pure: scorecards and the zone's ranking options in, the ranking out.</summary>
public static class RedFlag
{
    public const string TieRule =
        "Higher score first; on an equal score (4 decimals), the higher on-time answer rate, then on-time dispatch rate, then mean " +
        "satisfaction, then more requests received; units equal on all of these share a rank and are listed by name.";

    public static string Formula(RankingOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"score = ({o.AnswerWeight} × on-time answer rate + {o.DispatchWeight} × on-time dispatch rate + {o.SatisfactionWeight} × (mean satisfaction − 1) ÷ 4) " +
        $"÷ (the sum of the weights of the terms the unit has: a term is left out when the unit has no judged answer, no judged dispatch or no rating). " +
        $"Rates are on time ÷ (on time + late) over the requests filed in the period; units with fewer than {o.MinimumRequests} requests received are listed apart.");

    public static Ranking Rank(IReadOnlyList<Scorecard> cards, RankingOptions o, Period period, DateTimeOffset at)
    {
        var unranked = new List<UnrankedUnit>();
        var scored = new List<(Scorecard Card, double Score)>();
        foreach (var card in cards)
        {
            if (card.Received < o.MinimumRequests)
                unranked.Add(new UnrankedUnit(card.Unit, card.Received, $"{card.Received} requests received, fewer than the {o.MinimumRequests} needed to be ranked."));
            else if (Score(card, o) is { } score) scored.Add((card, score));
            else unranked.Add(new UnrankedUnit(card.Unit, card.Received, "Nothing judged yet: no answer or dispatch decided, no rating."));
        }
        var ordered = scored
            .OrderByDescending(s => s.Score)
            .ThenByDescending(s => s.Card.Answer.OnTimeRate ?? -1).ThenByDescending(s => s.Card.Dispatch.OnTimeRate ?? -1)
            .ThenByDescending(s => s.Card.Satisfaction.Mean ?? -1).ThenByDescending(s => s.Card.Received)
            .ThenBy(s => s.Card.Unit.Name, StringComparer.Ordinal).ThenBy(s => s.Card.Unit.Id)
            .ToList();
        var ranked = new List<RankedUnit>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (card, score) = ordered[i];
            var rank = i + 1;
            string explanation;
            if (i == 0) explanation = "Highest score.";
            else
            {
                var (above, aboveScore) = ordered[i - 1];
                var decider = Decider(above, aboveScore, card, score);
                if (decider is null) rank = ranked[^1].Rank;
                explanation = decider switch
                {
                    null => $"Tied with {above.Unit.Name} on every criterion: same rank, listed by name.",
                    "score" => string.Create(CultureInfo.InvariantCulture, $"Score {score} below {above.Unit.Name}'s {aboveScore}."),
                    _ => $"Score equal to {above.Unit.Name}'s; placed after it on {decider}.",
                };
            }
            ranked.Add(new RankedUnit(rank, card.Unit, score, card.Answer.OnTimeRate, card.Dispatch.OnTimeRate, card.Satisfaction.Mean, card.Received,
                explanation));
        }
        return new Ranking(period, at, Formula(o), TieRule, o, ranked,
            [.. unranked.OrderBy(u => u.Unit.Name, StringComparer.Ordinal).ThenBy(u => u.Unit.Id)]);
    }

    /// <summary>The weighted mean of the terms the unit has, 4 decimals; null when it has none.</summary>
    public static double? Score(Scorecard card, RankingOptions o)
    {
        var terms = new (double Weight, double? Value)[]
        {
            (o.AnswerWeight, card.Answer.OnTimeRate),
            (o.DispatchWeight, card.Dispatch.OnTimeRate),
            (o.SatisfactionWeight, card.Satisfaction.Mean is { } m ? (m - 1) / 4 : null),
        }.Where(t => t.Value is not null && t.Weight > 0).ToList();
        var weights = terms.Sum(t => t.Weight);
        return weights > 0 ? Math.Round(terms.Sum(t => t.Weight * t.Value!.Value) / weights, 4) : null;
    }

    /// <summary>What puts <paramref name="below"/> after <paramref name="above"/>; null when nothing does.</summary>
    private static string? Decider(Scorecard above, double aboveScore, Scorecard below, double score) =>
        aboveScore != score ? "score"
        : above.Answer.OnTimeRate != below.Answer.OnTimeRate ? "on-time answer rate"
        : above.Dispatch.OnTimeRate != below.Dispatch.OnTimeRate ? "on-time dispatch rate"
        : above.Satisfaction.Mean != below.Satisfaction.Mean ? "mean satisfaction"
        : above.Received != below.Received ? "requests received"
        : null;
}
