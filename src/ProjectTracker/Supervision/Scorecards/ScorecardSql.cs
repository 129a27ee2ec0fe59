using Marten;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>
/// The SQL over the outcomes' credits (<see cref="CreditTable"/>): the period's credits of a kind of
/// unit by one index, counted per unit in PostgreSQL. A running clock is judged here against the
/// reader's "now": late once its due has passed, so a deadline needs no event to count.
/// </summary>
internal static class ScorecardSql
{
    // Parameter 1 is always "now". Verdict: 0 pending, 1 on time, 2 late, 3 void. Each condition is
    // true or false, never null (a null due compares as unknown), so that "not" and "case" hold.
    public const string DispatchOnTime = "c.\"Dispatch\" = 1";
    public const string DispatchLate = "(c.\"Dispatch\" = 2 or coalesce(c.\"DispatchRunningDue\" < ?1, false))";
    public const string DispatchPending = "(c.\"Dispatch\" = 0 and not coalesce(c.\"DispatchRunningDue\" < ?1, false))";
    public const string AnswerOnTime = "(c.\"Answer\" = 1 and c.\"AnswerRunningDue\" is null and not c.\"AnswerPaused\")";
    public const string AnswerLate = "(c.\"Answer\" = 2 or coalesce(c.\"AnswerRunningDue\" < ?1, false))";
    public const string AnswerPending = $"(not {AnswerLate} and not {AnswerOnTime} and c.\"Answer\" <> 3)";
    public const string OverdueNow = "(c.\"Open\" and coalesce(c.\"DispatchRunningDue\" < ?1 or c.\"AnswerRunningDue\" < ?1, false))";
    public const string AtRiskNow = $"(c.\"Open\" and c.\"AtRisk\" and not {OverdueNow})";

    public static string Table(IQuerySession session) =>
        session.DocumentStore.Options.FindOrResolveDocumentType(typeof(RequestOutcome)).TableName.QualifiedName;

    private static string CreditRows(IQuerySession session) => $"{session.DocumentStore.Options.DatabaseSchemaName}.{CreditTable.Name}";

    /// <summary>
    /// The credits of one kind of unit (one unit, if given) in the period; parameters ?1 now, ?2 from,
    /// ?3 to, ?4 kind, ?5 unit. With <paramref name="outcome"/>, each joined to its outcome (<c>d</c>).
    /// </summary>
    public static string Credits(IQuerySession session, bool oneUnit, bool outcome = false) =>
        $"from {CreditRows(session)} c{(outcome ? $" join {Table(session)} d on d.id = c.request_id" : "")}" +
        $" where c.filed_on >= ?2 and c.filed_on <= ?3 and c.\"Kind\" = ?4{(oneUnit ? " and c.\"UnitId\" = ?5" : "")}";

    /// <summary>The same over the open requests, whatever their period: ?1 now, ?4 kind, ?5 unit.</summary>
    public static string OpenCredits(IQuerySession session, bool oneUnit, bool outcome = false) =>
        $"from {CreditRows(session)} c{(outcome ? $" join {Table(session)} d on d.id = c.request_id" : "")}" +
        $" where c.is_open and c.\"Kind\" = ?4{(oneUnit ? " and c.\"UnitId\" = ?5" : "")}";

    /// <summary>Whether a unit of a kind is credited with any request (a secretary no enterprise has any more): ?1 kind, ?2 unit.</summary>
    public static string Credited(IQuerySession session) =>
        $"select exists (select from {CreditRows(session)} where \"Kind\" = ? and \"UnitId\" = ?)";

    /// <summary>
    /// Whether the period's credits or escalations, or the outcomes as a whole (a reset), were written by
    /// a transaction snapshot ?1 did not see: ?2 from, ?3 to (filing dates), ?4 and ?5 the period's instants.
    /// </summary>
    public static string WrittenSince(IQuerySession session)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        const string unseen = "written >= pg_snapshot_xmin(?1::pg_snapshot) and not pg_visible_in_snapshot(written, ?1::pg_snapshot)";
        return $"select exists (select from {CreditRows(session)} where filed_on >= ?2 and filed_on <= ?3 and {unseen})" +
            $" or exists (select from {schema}.{History.HistoryTables.Escalations} where raised_at >= ?4 and raised_at < ?5 and {unseen})" +
            $" or exists (select from {schema}.{CreditTable.Cleared} where {unseen})";
    }

    /// <summary>One JSON object per unit, shaped as <see cref="UnitCounts"/>.</summary>
    public static string Figures(IQuerySession session, bool oneUnit) =>
        $$"""
        select jsonb_build_object(
          'UnitId', c."UnitId", 'Received', count(*), 'Withdrawn', count(*) filter (where c."Withdrawn"), 'Rejected', count(*) filter (where c."Rejected"),
          'DispatchOnTime', count(*) filter (where {{DispatchOnTime}}), 'DispatchLate', count(*) filter (where {{DispatchLate}}),
          'DispatchPending', count(*) filter (where {{DispatchPending}}),
          'DispatchMedian', percentile_disc(0.5) within group (order by c."MinutesToDispatch"),
          'DispatchP90', percentile_disc(0.9) within group (order by c."MinutesToDispatch"),
          'AnswerOnTime', count(*) filter (where {{AnswerOnTime}}), 'AnswerLate', count(*) filter (where {{AnswerLate}}),
          'AnswerPending', count(*) filter (where {{AnswerPending}}),
          'AnswerMedian', percentile_disc(0.5) within group (order by c."MinutesToAnswer"),
          'AnswerP90', percentile_disc(0.9) within group (order by c."MinutesToAnswer"),
          'PausedRequests', count(*) filter (where c."PausedMinutes" > 0), 'PausedMinutes', coalesce(sum(c."PausedMinutes"), 0),
          'Reopened', count(*) filter (where c."Reopened" and c."Answered"), 'Answered', count(*) filter (where c."Answered"),
          'SatisfactionMean', avg(c."Satisfaction"),
          'Rated1', count(*) filter (where c."Satisfaction" = 1), 'Rated2', count(*) filter (where c."Satisfaction" = 2),
          'Rated3', count(*) filter (where c."Satisfaction" = 3), 'Rated4', count(*) filter (where c."Satisfaction" = 4),
          'Rated5', count(*) filter (where c."Satisfaction" = 5), 'ClosedAfterAnswer', count(*) filter (where c."ClosedAfterAnswer"),
          'NextDue', least(min(c."DispatchRunningDue") filter (where c."DispatchRunningDue" >= ?1), min(c."AnswerRunningDue") filter (where c."AnswerRunningDue" >= ?1)))
        {{Credits(session, oneUnit)}}
        group by c."UnitId"
        """;

    public static string Now(IQuerySession session, bool oneUnit) =>
        $$"""
        select jsonb_build_object('UnitId', c."UnitId", 'OpenOverdue', count(*) filter (where {{OverdueNow}}), 'AtRisk', count(*) filter (where {{AtRiskNow}}))
        {{OpenCredits(session, oneUnit)}}
        group by c."UnitId"
        """;
}

/// <summary>What the SQL counts for one unit.</summary>
internal sealed record UnitCounts(Guid UnitId, long Received, long Withdrawn, long Rejected,
    long DispatchOnTime, long DispatchLate, long DispatchPending, double? DispatchMedian, double? DispatchP90,
    long AnswerOnTime, long AnswerLate, long AnswerPending, double? AnswerMedian, double? AnswerP90,
    long PausedRequests, double PausedMinutes, long Reopened, long Answered, double? SatisfactionMean,
    long Rated1, long Rated2, long Rated3, long Rated4, long Rated5, long ClosedAfterAnswer, DateTimeOffset? NextDue = null);

internal sealed record NowCounts(Guid UnitId, long OpenOverdue, long AtRisk);

internal static class NumberedParameters
{
    /// <summary>
    /// Marten's raw SQL takes its parameters in order of the '?' placeholders; the scorecard SQL
    /// names them (?1 now, ?2 from, ...) because each is used several times.
    /// </summary>
    public static Task<IReadOnlyList<T>> QueryNumberedAsync<T>(this IQuerySession session, string sql, CancellationToken ct, params object[] values)
    {
        var ordered = new List<object>();
        var text = System.Text.RegularExpressions.Regex.Replace(sql, @"\?(\d)", m =>
        {
            ordered.Add(values[int.Parse(m.Groups[1].Value) - 1]);
            return "?";
        });
        return session.QueryAsync<T>(text, ct, [.. ordered]);
    }
}

/// <summary>The requests behind a figure: one line per request, showing how it counted.</summary>
internal static class ScoreLineSql
{
    private static string Verdict(string onTime, string late, string pending) =>
        $"case when {onTime} then 1 when {late} then 2 when {pending} then 0 else 3 end";

    /// <summary>The condition that selects the requests behind one figure.</summary>
    public static string Condition(Figure figure) => figure switch
    {
        Figure.DispatchOnTime => ScorecardSql.DispatchOnTime,
        Figure.DispatchLate => ScorecardSql.DispatchLate,
        Figure.DispatchPending => ScorecardSql.DispatchPending,
        Figure.AnswerOnTime => ScorecardSql.AnswerOnTime,
        Figure.AnswerLate => ScorecardSql.AnswerLate,
        Figure.AnswerPending => ScorecardSql.AnswerPending,
        Figure.Withdrawn => "c.\"Withdrawn\"",
        Figure.Rejected => "c.\"Rejected\"",
        Figure.Paused => "c.\"PausedMinutes\" > 0",
        Figure.Reopened => "(c.\"Reopened\" and c.\"Answered\")",
        Figure.Answered => "c.\"Answered\"",
        Figure.Rated => "c.\"Satisfaction\" is not null",
        Figure.OverdueNow => ScorecardSql.OverdueNow,
        Figure.AtRiskNow => ScorecardSql.AtRiskNow,
        _ => "true",
    };

    /// <summary>?1 now, ?2 from, ?3 to, ?4 kind, ?5 unit, ?6 limit, ?7 offset.</summary>
    public static string Page(IQuerySession session, Figure? figure) =>
        $$"""
        select jsonb_build_object('RequestId', d.id, 'Number', d.data ->> 'Number', 'FiledAt', d.data -> 'FiledAt', 'Status', (d.data ->> 'Status')::int,
          'Dispatch', {{Verdict(ScorecardSql.DispatchOnTime, ScorecardSql.DispatchLate, ScorecardSql.DispatchPending)}},
          'Answer', {{Verdict(ScorecardSql.AnswerOnTime, ScorecardSql.AnswerLate, ScorecardSql.AnswerPending)}},
          'HoursToDispatch', round((c."MinutesToDispatch" / 60)::numeric, 2), 'HoursToAnswer', round((c."MinutesToAnswer" / 60)::numeric, 2),
          'PausedHours', round((c."PausedMinutes" / 60)::numeric, 2), 'Reopened', c."Reopened", 'Satisfaction', c."Satisfaction",
          'Withdrawn', c."Withdrawn", 'Rejected', c."Rejected", 'OverdueNow', {{ScorecardSql.OverdueNow}}, 'AtRiskNow', {{ScorecardSql.AtRiskNow}})
        {{From(session, figure)}}
        order by d.filed_on, d.data ->> 'Number' limit ?6 offset ?7
        """;

    public static string Count(IQuerySession session, Figure? figure) => $"select count(*) {From(session, figure)}";

    private static string From(IQuerySession session, Figure? figure) =>
        (figure is Figure.OverdueNow or Figure.AtRiskNow ? ScorecardSql.OpenCredits(session, oneUnit: true, outcome: true)
            : ScorecardSql.Credits(session, oneUnit: true, outcome: true))
        + (figure is { } f ? $" and {Condition(f)}" : "");
}
