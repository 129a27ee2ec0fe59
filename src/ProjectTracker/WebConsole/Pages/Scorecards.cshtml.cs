using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using ProjectTracker.Supervision.Rankings;
using ProjectTracker.Supervision.Scorecards;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// 考核与流动红旗: for a month (<c>?period=yyyy-MM</c>, else the zone's current month as the API
/// says), a table per unit kind (GET /api/scorecards's read, each kind as the user may read it: a
/// 403 there reads "supervisors and administrators only"), the red flag ranking (GET /api/rankings,
/// supervisors and admins), the exports, and two SVG charts drawn here: the on-time answer rate of
/// the last six months (the zone's for those who see every unit, else the user's own unit's) and
/// escalations by unit in the month.
/// </summary>
public sealed partial class ScorecardsModel(IQuerySession session, ScorecardCache cache, TimeProvider clock, IOptions<DeadlineOptions> deadlines, IOptions<RankingSettings> ranking)
    : ConsolePage
{
    public static readonly UnitKind[] KindsShown = [UnitKind.Department, UnitKind.TaskForce, UnitKind.Secretary, UnitKind.Zone];
    public override string TitleKey => "scorecards";
    public string Period { get; private set; } = "";
    public Dictionary<UnitKind, Read<ScorecardList>> Kinds { get; } = [];
    public Read<Ranking>? Ranking { get; private set; }
    public IReadOnlyList<Charts.RatePoint>? Rates { get; private set; }
    public IReadOnlyList<Scorecard> WithEscalations { get; private set; } = [];
    public bool SeesAll => Caller.SeesAll;

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex Month();

    public async Task OnGetAsync(string? period)
    {
        var asked = period is not null && Month().IsMatch(period) ? period : null;
        foreach (var kind in KindsShown) Kinds[kind] = await ListAsync(kind, asked);
        if (Kinds.Values.FirstOrDefault(r => r.Ok) is not { } answered)
        {
            Notice = ("error", Refused(Kinds.Values.First()));
            return;
        }
        Period = asked ?? answered.Value!.Period.From.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await AllowedAsync(typeof(RankingEndpoint), nameof(RankingEndpoint.Get)))
            Ranking = await ReadAsync(typeof(RankingEndpoint), nameof(RankingEndpoint.Get),
                () => RankingEndpoint.Get(HttpContext, session, cache, clock, deadlines, ranking, null, Period, null, null));

        // The rate by month: the period's own card is its table's; the five months before are read now.
        var chartKind = SeesAll ? UnitKind.Zone : KindsShown.FirstOrDefault(k => Kinds[k].Ok);
        var first = DateOnly.ParseExact(Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var points = new List<Charts.RatePoint>();
        for (var back = 5; back >= 1; back--)
        {
            var month = first.AddMonths(-back).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            points.Add(new Charts.RatePoint(month, RateOf(await ListAsync(chartKind, month))));
        }
        points.Add(new Charts.RatePoint(Period, RateOf(Kinds[chartKind])));
        Rates = points;
        WithEscalations = [.. new[] { UnitKind.Department, UnitKind.TaskForce, UnitKind.Secretary }
            .SelectMany(k => Kinds[k].Value?.Scorecards ?? []).Where(c => c.Escalations.Raised > 0).OrderByDescending(c => c.Escalations.Raised)];
    }

    private Task<Read<ScorecardList>> ListAsync(UnitKind kind, string? period) =>
        ReadAsync(typeof(ScorecardEndpoints), nameof(ScorecardEndpoints.List),
            () => ScorecardEndpoints.List(HttpContext, session, cache, clock, deadlines, kind, period, null, null));

    private static double? RateOf(Read<ScorecardList> read) => read.Value?.Scorecards is [var card, ..] ? card.Answer.OnTimeRate : null;

    public static string Camel(UnitKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
    public static string Pct(double? x) => x is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
    public static string Num(double? x, string format = "0.0") => x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
