using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Infrastructure;
using ProjectTracker.Supervision.Scorecards;
using Wolverine.Http;

namespace ProjectTracker.Supervision.Rankings;

public static class RankingEndpoint
{
    /// <summary>Departments and task forces ranked together by default (the red flag goes to either); or one kind.</summary>
    [WolverineGet("/api/rankings", Name = "GetRanking"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Supervision")]
    public static Task<Ranking> Get(HttpContext http, IQuerySession session, ScorecardCache cache, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
        IOptions<RankingSettings> settings, UnitKind? unit, string? period, DateOnly? from, DateOnly? to) =>
        BuildAsync(session, cache, clock.GetUtcNow(), deadlines.Value.ZoneUtcOffset, settings.Value.For(ZoneCalendars.DefaultZone), unit, period, from, to,
            http.RequestAborted);

    public static async Task<Ranking> BuildAsync(IQuerySession session, ScorecardCache cache, DateTimeOffset now, TimeSpan zoneOffset, RankingOptions options,
        UnitKind? unit, string? period, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (unit == UnitKind.Zone) throw Refusal.Invalid("unit", "One zone has nothing to be ranked against: rank department, taskForce or secretary.");
        var span = Period.Read(period, from, to, now, zoneOffset);
        UnitKind[] kinds = unit is { } k ? [k] : [UnitKind.Department, UnitKind.TaskForce];
        var cards = new List<Scorecard>();
        foreach (var kind in kinds) cards.AddRange(await Scorecards.Scorecards.ForKindAsync(session, cache, kind, span, now, zoneOffset, null, ct));
        return RedFlag.Rank(cards, options, span, now);
    }
}
