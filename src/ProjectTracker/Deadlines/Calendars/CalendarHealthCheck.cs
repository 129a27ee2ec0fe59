using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>
/// Degraded (still serving: 200) when clocks count weekends only somewhere: the zone's current
/// year has no calendar, or due times were counted into a year that has none. Says which years,
/// so an administrator loads them (the State Council publishes each year's notice in Nov-Dec).
/// </summary>
public sealed class CalendarHealthCheck(ZoneCalendars calendars, TimeProvider clock, Microsoft.Extensions.Options.IOptions<DeadlineOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var year = clock.GetUtcNow().ToOffset(options.Value.ZoneUtcOffset).Year;
        var missing = calendars.UncoveredYears.Append(year).Where(y => !calendars.Current.Knows(y)).Distinct().Order().ToArray();
        var data = new Dictionary<string, object>
        {
            ["loaded"] = calendars.Current.Years.Order().ToArray(),
            ["weekendsOnly"] = missing,
        };
        return Task.FromResult(missing.Length == 0
            ? HealthCheckResult.Healthy("Working calendars loaded for every year clocks have reached.", data)
            : HealthCheckResult.Degraded($"No working calendar for {string.Join(", ", missing)}: clocks there count weekends only. Load it at POST /api/calendars/{{year}}.", data: data));
    }
}
