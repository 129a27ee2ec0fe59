using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Escalations;
using ProjectTracker.History;
using ProjectTracker.Infrastructure;
using ProjectTracker.Supervision.Rankings;
using ProjectTracker.Supervision.Scorecards;
using Wolverine.Http;

namespace ProjectTracker.Supervision.Exports;

/// <summary>
/// The JSON reads as files (CSV with a BOM, or XLSX), with the same filters and the same access
/// rules: each export calls what its JSON endpoint calls.
/// </summary>
public static class ExportEndpoints
{
    [WolverineGet("/api/exports/scorecards", Name = "ExportScorecards"), Authorize(Roles = SupervisionAccess.Readers), Tags("Supervision")]
    [ProducesResponseType(typeof(FileContentResult), 200, ExportTable.CsvType, ExportTable.XlsxType)]
    public static async Task<IResult> Scorecards(HttpContext http, IQuerySession session, ScorecardCache cache, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
        UnitKind? unit, string? period, DateOnly? from, DateOnly? to, ExportFormat? format)
    {
        var list = await ScorecardEndpoints.List(http, session, cache, clock, deadlines, unit, period, from, to);
        return Tables.Scorecards(list).ToFile(format ?? ExportFormat.Csv, $"scorecards-{list.Unit}-{list.Period.From:yyyyMMdd}-{list.Period.To:yyyyMMdd}");
    }

    [WolverineGet("/api/exports/rankings", Name = "ExportRanking"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Supervision")]
    [ProducesResponseType(typeof(FileContentResult), 200, ExportTable.CsvType, ExportTable.XlsxType)]
    public static async Task<IResult> Ranking(HttpContext http, IQuerySession session, ScorecardCache cache, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
        IOptions<RankingSettings> settings, UnitKind? unit, string? period, DateOnly? from, DateOnly? to, ExportFormat? format)
    {
        var ranking = await RankingEndpoint.Get(http, session, cache, clock, deadlines, settings, unit, period, from, to);
        return Tables.Ranking(ranking).ToFile(format ?? ExportFormat.Csv, $"ranking-{ranking.Period.From:yyyyMMdd}-{ranking.Period.To:yyyyMMdd}");
    }

    /// <summary>Far more than any queue holds: a bound, not a page.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The supervisor queue with its filters, whole (up to <see cref="MaxRows"/>).</summary>
    [WolverineGet("/api/exports/escalations", Name = "ExportEscalations"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Supervision")]
    [ProducesResponseType(typeof(FileContentResult), 200, ExportTable.CsvType, ExportTable.XlsxType)]
    public static async Task<IResult> Escalations(HttpContext http, IQuerySession session, IOptions<DeadlineOptions> deadlines,
        EscalationStatus? status, bool? includeClosed, EscalationLevel? level, EscalationKind? kind, Guid? departmentId, Guid? taskForceId,
        Guid? enterpriseId, ExportFormat? format)
    {
        var all = await EscalationLists.StreamAsync(session, new EscalationFilter(status, includeClosed, level, kind, departmentId, taskForceId, enterpriseId),
            MaxRows, http.RequestAborted).ToListAsync(http.RequestAborted);
        return Tables.Escalations(all, deadlines.Value.ZoneUtcOffset).ToFile(format ?? ExportFormat.Csv, "escalations");
    }
}
