using Marten;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.History;

/// <summary>
/// The supervisors' queue, today or as it answered at a past instant, from the escalation
/// versions of <see cref="HistoryTables"/>: the escalations as they were (raised by then, in the
/// state they had), with the same filters, order and paging. One raised later (a breach not yet
/// happened then) is not there.
/// </summary>
public static class EscalationLists
{
    private static readonly (string, bool)[] Oldest = [("raised_at", false), ("id", false)];

    public static async Task<Paged<EscalationView>> PageAsync(IQuerySession session, EscalationFilter filter, DateTimeOffset? asOf,
        int? page, int? pageSize, CancellationToken ct) =>
        (await HistoryReads.PageAsync<Escalation>(session, session.Table(HistoryTables.Escalations), asOf, Matching(filter), Oldest, page, pageSize, ct))
        .Map(EscalationView.Of);

    /// <summary>The whole queue in its order, at most <paramref name="limit"/> escalations (the export).</summary>
    public static IAsyncEnumerable<Escalation> StreamAsync(IQuerySession session, EscalationFilter filter, int limit, CancellationToken ct) =>
        HistoryReads.StreamAsync<Escalation>(session, session.Table(HistoryTables.Escalations), null, Matching(filter), Oldest, limit, ct);

    private static Func<Sql, string> Matching(EscalationFilter f) => sql =>
    {
        var where = "";
        if (f.Status is { } s) where += $" and status = {sql.P((int)s)}";
        else if (f.IncludeClosed != true) where += $" and status not in ({(int)EscalationStatus.Closed}, {(int)EscalationStatus.Voided})";
        if (f.Level is { } l) where += $" and level = {sql.P((int)l)}";
        if (f.Kind is { } k) where += $" and kind = {sql.P((int)k)}";
        if (f.DepartmentId is { } d) where += $" and named_ids @> {sql.P(new[] { d })}";
        if (f.TaskForceId is { } t) where += $" and named_ids @> {sql.P(new[] { t })}";
        if (f.EnterpriseId is { } e) where += $" and enterprise_id = {sql.P(e)}";
        if (f.RequestId is { } r) where += $" and request_id = {sql.P(r)}";
        if (f.ProjectId is { } p) where += $" and project_id = {sql.P(p)}";
        return where;
    };
}
