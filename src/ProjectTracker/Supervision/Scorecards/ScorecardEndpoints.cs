using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Supervision.Scorecards;

public sealed record ScorecardList(UnitKind Unit, Period Period, DateTimeOffset At, IReadOnlyList<Scorecard> Scorecards);

/// <summary>A unit's card and the requests behind it (those of one figure, if asked), with the escalations it counts.</summary>
public sealed record UnitScorecard(Scorecard Scorecard, DateTimeOffset At, Figure? Figure, Paged<ScoreLine> Requests, IReadOnlyList<EscalationLine> Escalations);

public static class ScorecardEndpoints
{
    [WolverineGet("/api/scorecards", Name = "ListScorecards"), Authorize(Roles = SupervisionAccess.Readers), Tags("Supervision")]
    public static async Task<ScorecardList> List(HttpContext http, IQuerySession session, ScorecardCache cache, TimeProvider clock,
        IOptions<DeadlineOptions> deadlines, UnitKind? unit, string? period, DateOnly? from, DateOnly? to)
    {
        var (now, offset) = (clock.GetUtcNow(), deadlines.Value.ZoneUtcOffset);
        var kind = unit ?? UnitKind.Department;
        var span = Period.Read(period, from, to, now, offset);
        var visible = http.Caller().VisibleOf(kind);
        return new ScorecardList(kind, span, now, await Scorecards.ForKindAsync(session, cache, kind, span, now, offset, visible, http.RequestAborted));
    }

    [WolverineGet("/api/scorecards/{id}", Name = "GetScorecard"), Authorize(Roles = SupervisionAccess.Readers), Tags("Supervision")]
    public static async Task<UnitScorecard> Get(Guid id, HttpContext http, IQuerySession session, ScorecardCache cache, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
        string? period, DateOnly? from, DateOnly? to, Figure? figure, int? page, int? pageSize)
    {
        var ct = http.RequestAborted;
        var (now, offset) = (clock.GetUtcNow(), deadlines.Value.ZoneUtcOffset);
        var span = Period.Read(period, from, to, now, offset);
        var paging = Paging.Read(page, pageSize);
        var unit = await Scorecards.FindAsync(session, id, ct) ?? throw Refusal.NotFound($"Unit {id}");
        if (!http.Caller().MaySee(unit)) throw Refusal.Forbidden("This unit's scorecard is for supervisors, administrators and the unit's own people.");

        var card = await Scorecards.ForUnitAsync(session, cache, unit, span, now, offset, ct);
        var args = new object[] { now.ToUniversalTime(), span.From, span.To, (int)unit.Kind, unit.Id, paging.Size, paging.Skip };
        var total = (await session.QueryNumberedAsync<long>(ScoreLineSql.Count(session, figure), ct, args))[0];
        var lines = await session.QueryNumberedAsync<ScoreLine>(ScoreLineSql.Page(session, figure), ct, args);
        var escalations = Scorecards.Named(await Scorecards.EscalationsAsync(session, span, offset, ct), unit)
            .OrderBy(e => e.RaisedAt).ThenBy(e => e.Id)
            .Select(e => new EscalationLine(e.Id, e.RequestNumber, e.ProjectId, e.Kind, e.Level, e.Status, e.Decision, e.RaisedAt)).ToList();
        return new UnitScorecard(card, now, figure, new Paged<ScoreLine>(lines, paging.Page, paging.Size, total), escalations);
    }
}
