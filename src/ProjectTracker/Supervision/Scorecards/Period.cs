using System.Globalization;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>
/// A span of the zone's dates, both ends included: a month (<c>period=2026-11</c>, the default
/// being the current month in the zone) or any <c>from</c>/<c>to</c>. A request belongs to the
/// period its filing date falls in; an escalation, the one it was raised in.
/// </summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    /// <summary>Ten years: a zone's whole history, and a bound on what one call may aggregate.</summary>
    public const int MaxDays = 3660;

    public static Period Read(string? period, DateOnly? from, DateOnly? to, DateTimeOffset now, TimeSpan zoneOffset)
    {
        if (period is not null && (from is not null || to is not null))
            throw Refusal.Invalid("period", "Give either period (a month, yyyy-MM) or from/to, not both.");
        if (period is not null)
        {
            if (!DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                throw Refusal.Invalid("period", "period is a month, written yyyy-MM (e.g. 2026-11).");
            return new Period(first, first.AddMonths(1).AddDays(-1));
        }
        if (from is null && to is null)
        {
            var today = DateOnly.FromDateTime(now.ToOffset(zoneOffset).DateTime);
            var first = new DateOnly(today.Year, today.Month, 1);
            return new Period(first, first.AddMonths(1).AddDays(-1));
        }
        if (from is null) throw Refusal.Invalid("from", "from is needed with to.");
        if (to is null) throw Refusal.Invalid("to", "to is needed with from.");
        if (to < from) throw Refusal.Invalid("to", "to must not be before from.");
        if (to.Value.DayNumber - from.Value.DayNumber >= MaxDays) throw Refusal.Invalid("to", $"A period spans at most {MaxDays} days.");
        return new Period(from.Value, to.Value);
    }

    /// <summary>The first instant of the period and the first after it, in the zone's time.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Instants(TimeSpan zoneOffset) =>
        (new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), zoneOffset), new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), zoneOffset));

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
