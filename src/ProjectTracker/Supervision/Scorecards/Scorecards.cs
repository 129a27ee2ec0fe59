using Marten;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Escalations;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>Builds scorecards from the outcome rows (SQL aggregation) and the escalation documents.</summary>
public static class Scorecards
{
    public const string ZoneName = "Zone";

    /// <summary>
    /// Every unit of a kind that the directory knows or that a credit names, each with its card
    /// (zeros where nothing happened); <paramref name="only"/> narrows to the units the caller may see.
    /// </summary>
    public static async Task<IReadOnlyList<Scorecard>> ForKindAsync(IQuerySession session, ScorecardCache cache, UnitKind kind, Period period,
        DateTimeOffset now, TimeSpan zoneOffset, IReadOnlySet<Guid>? only, CancellationToken ct)
    {
        var figures = await cache.FiguresAsync(session, kind, period, now, zoneOffset, ct);
        var open = await NowAsync(session, kind, null, now, ct);
        var units = await UnitsAsync(session, kind, [.. figures.Counts.Keys, .. open.Keys], ct);
        return units.Where(u => only is null || only.Contains(u.Id))
            .Select(u => Card(u, period, figures, open.GetValueOrDefault(u.Id)))
            .OrderBy(c => c.Unit.Name, StringComparer.Ordinal).ThenBy(c => c.Unit.Id)
            .ToList();
    }

    public static async Task<Scorecard> ForUnitAsync(IQuerySession session, ScorecardCache cache, Unit unit, Period period, DateTimeOffset now,
        TimeSpan zoneOffset, CancellationToken ct)
    {
        var figures = await cache.FiguresAsync(session, unit.Kind, period, now, zoneOffset, ct);
        var open = await NowAsync(session, unit.Kind, unit.Id, now, ct);
        return Card(unit, period, figures, open.GetValueOrDefault(unit.Id));
    }

    /// <summary>
    /// What the period's credits and escalations count for each unit of the kind, as of now. The
    /// snapshot is taken first: whatever commits after it, the figures may or may not include, and
    /// <see cref="ScorecardCache"/> computes them again.
    /// </summary>
    internal static async Task<PeriodFigures> FiguresAsync(IQuerySession session, UnitKind kind, Period period, DateTimeOffset now,
        TimeSpan zoneOffset, CancellationToken ct)
    {
        var snapshot = (await session.QueryAsync<string>("select pg_current_snapshot()::text", ct)).Single();
        var args = new object[] { now.ToUniversalTime(), period.From, period.To, (int)kind, Guid.Empty };
        var counts = (await session.QueryNumberedAsync<UnitCounts>(ScorecardSql.Figures(session, oneUnit: false), ct, args)).ToDictionary(c => c.UnitId);
        var escalations = await EscalationsAsync(session, period, zoneOffset, ct);
        var named = kind == UnitKind.Zone
            ? new Dictionary<Guid, EscalationFigures> { [Credits.ZoneId] = Count(escalations) }
            : escalations.SelectMany(e => NamedIn(e, kind).Select(id => (id, e)))
                .GroupBy(x => x.id).ToDictionary(g => g.Key, g => Count([.. g.Select(x => x.e)]));
        return new PeriodFigures(counts, named, snapshot, now, counts.Values.Min(c => c.NextDue));
    }

    /// <summary>Open requests past a due or at risk, whatever their period: the open credits' index, never kept.</summary>
    private static async Task<Dictionary<Guid, NowCounts>> NowAsync(IQuerySession session, UnitKind kind, Guid? unit, DateTimeOffset now,
        CancellationToken ct) =>
        (await session.QueryNumberedAsync<NowCounts>(ScorecardSql.Now(session, oneUnit: unit is not null), ct,
            now.ToUniversalTime(), default(DateOnly), default(DateOnly), (int)kind, unit ?? Guid.Empty)).ToDictionary(c => c.UnitId);

    /// <summary>The unit an id names: the zone, a department, a task force, or a secretary (a staff member some enterprise has); null if none.</summary>
    public static async Task<Unit?> FindAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        if (id == Credits.ZoneId) return new Unit(UnitKind.Zone, id, ZoneName);
        if (await session.LoadAsync<Department>(id, ct) is { } d) return new Unit(UnitKind.Department, id, d.Name);
        if (await session.LoadAsync<TaskForce>(id, ct) is { } t) return new Unit(UnitKind.TaskForce, id, t.Name);
        if (await session.LoadAsync<StaffMember>(id, ct) is { } s
            && (await session.Query<Enterprise>().AnyAsync(e => e.SecretaryId == id, ct)
                || (await session.QueryAsync<bool>(ScorecardSql.Credited(session), ct, (int)UnitKind.Secretary, id)).Single()))
            return new Unit(UnitKind.Secretary, id, s.Name);
        return null;
    }

    /// <summary>Escalations raised in the period (zone dates), voided ones left out: their premise proved false.</summary>
    public static async Task<IReadOnlyList<Escalation>> EscalationsAsync(IQuerySession session, Period period, TimeSpan zoneOffset, CancellationToken ct)
    {
        var (start, end) = period.Instants(zoneOffset);
        return await session.Query<Escalation>()
            .Where(e => e.RaisedAt >= start.ToUniversalTime() && e.RaisedAt < end.ToUniversalTime() && e.Status != EscalationStatus.Voided)
            .ToListAsync(ct);
    }

    /// <summary>The escalations that name the unit (the zone: all of them).</summary>
    public static IReadOnlyList<Escalation> Named(IEnumerable<Escalation> escalations, Unit unit) => unit.Kind == UnitKind.Zone
        ? [.. escalations]
        : [.. escalations.Where(e => NamedIn(e, unit.Kind).Contains(unit.Id))];

    /// <summary>The units of a kind an escalation names (secretary, department or task force).</summary>
    private static IEnumerable<Guid> NamedIn(Escalation e, UnitKind kind) =>
        e.Responsible.Where(r => r.Kind == Responsible(kind) && r.Id is not null).Select(r => r.Id!.Value).Distinct();

    private static ResponsibleKind Responsible(UnitKind kind) => kind switch
    {
        UnitKind.Secretary => ResponsibleKind.Secretary,
        UnitKind.Department => ResponsibleKind.Department,
        _ => ResponsibleKind.TaskForce,
    };

    private static async Task<IReadOnlyList<Unit>> UnitsAsync(IQuerySession session, UnitKind kind, IReadOnlyCollection<Guid> credited, CancellationToken ct)
    {
        switch (kind)
        {
            case UnitKind.Zone: return [new Unit(UnitKind.Zone, Credits.ZoneId, ZoneName)];
            case UnitKind.Department:
                return [.. (await session.Query<Department>().ToListAsync(ct)).Select(d => new Unit(kind, d.Id, d.Name))];
            case UnitKind.TaskForce:
                return [.. (await session.Query<TaskForce>().ToListAsync(ct)).Select(t => new Unit(kind, t.Id, t.Name))];
            default:
                var assigned = (await session.Query<Enterprise>().Where(e => e.SecretaryId != null).Select(e => e.SecretaryId!.Value).ToListAsync(ct));
                var ids = assigned.Concat(credited).Distinct().ToArray();
                var staff = await session.LoadManyAsync<StaffMember>(ct, ids);
                return [.. staff.Select(s => new Unit(kind, s.Id, s.Name))];
        }
    }

    private static Scorecard Card(Unit unit, Period period, PeriodFigures figures, NowCounts? now)
    {
        var c = figures.Counts.GetValueOrDefault(unit.Id);
        c ??= new UnitCounts(unit.Id, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, null, null, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0);
        long[] distribution = [c.Rated1, c.Rated2, c.Rated3, c.Rated4, c.Rated5];
        var rated = distribution.Sum();
        return new Scorecard(unit, period, c.Received, c.Withdrawn, c.Rejected,
            new ClockFigures(c.DispatchOnTime, c.DispatchLate, c.DispatchPending, Rate(c.DispatchOnTime, c.DispatchOnTime + c.DispatchLate),
                Hours(c.DispatchMedian), Hours(c.DispatchP90)),
            new ClockFigures(c.AnswerOnTime, c.AnswerLate, c.AnswerPending, Rate(c.AnswerOnTime, c.AnswerOnTime + c.AnswerLate),
                Hours(c.AnswerMedian), Hours(c.AnswerP90)),
            new PausedFigures(c.PausedRequests, Hours(c.PausedMinutes)!.Value),
            new ReopenFigures(c.Reopened, c.Answered, Rate(c.Reopened, c.Answered)),
            new SatisfactionFigures(c.SatisfactionMean is { } m ? Math.Round(m, 2) : null, distribution, rated, c.ClosedAfterAnswer,
                Rate(rated, c.ClosedAfterAnswer)),
            figures.Escalations.GetValueOrDefault(unit.Id) ?? Count([]),
            new NowFigures(now?.OpenOverdue ?? 0, now?.AtRisk ?? 0));
    }

    private static EscalationFigures Count(IReadOnlyList<Escalation> e) => new(e.Count,
        e.Count(x => x.Level == EscalationLevel.Warning), e.Count(x => x.Level == EscalationLevel.Accountability),
        e.Count(x => x.Kind == EscalationKind.DispatchOverdue), e.Count(x => x.Kind == EscalationKind.ResolutionOverdue),
        e.Count(x => x.Kind == EscalationKind.MilestoneOverdue),
        e.Count(x => x.Decision == EscalationDecision.NoFault), e.Count(x => x.Decision == EscalationDecision.WarningIssued),
        e.Count(x => x.Decision == EscalationDecision.Accountability), e.Count(x => x.Decision is null));

    public static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    public static double? Hours(double? minutes) => minutes is { } m ? Math.Round(m / 60, 2) : null;
}
