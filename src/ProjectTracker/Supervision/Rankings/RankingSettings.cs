namespace ProjectTracker.Supervision.Rankings;

/// <summary>How one zone ranks its units for the mobile red flag (流动红旗).</summary>
public sealed class RankingOptions
{
    /// <summary>Weight of the on-time answer rate (解决答复 within the clock).</summary>
    public double AnswerWeight { get; set; } = 0.6;
    /// <summary>Weight of the on-time dispatch rate of the unit's requests.</summary>
    public double DispatchWeight { get; set; } = 0.3;
    /// <summary>Weight of satisfaction, as (mean - 1) / 4 so that 1..5 maps to 0..1.</summary>
    public double SatisfactionWeight { get; set; } = 0.1;
    /// <summary>A unit that received fewer requests in the period is listed apart, not ranked.</summary>
    public int MinimumRequests { get; set; } = 5;
}

/// <summary>
/// Configuration section Supervision:Ranking: the default, and any zone's own
/// (Supervision:Ranking:Zones:&lt;zone&gt;), because weights are the zone's to set, not the process's.
/// </summary>
public sealed class RankingSettings
{
    public const string Section = "Supervision:Ranking";

    public RankingOptions Default { get; set; } = new();
    public Dictionary<string, RankingOptions> Zones { get; set; } = [];

    public RankingOptions For(string zone) => Zones.TryGetValue(zone, out var own) ? own : Default;
}
