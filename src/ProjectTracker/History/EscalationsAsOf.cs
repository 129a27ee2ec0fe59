using Marten;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.History;

/// <summary>
/// The supervisors' queue as it answered at a past instant: the escalations as they were then
/// (raised by then, in the state they had), with the same filters, order and paging. One raised
/// later (a breach not yet happened then) is not there.
/// </summary>
public static class EscalationsAsOf
{
    public static async Task<Paged<EscalationView>> ListAsync(IQuerySession session, DateTimeOffset at, EscalationStatus? status, bool? includeClosed,
        EscalationLevel? level, EscalationKind? kind, Guid? departmentId, Guid? taskForceId, Guid? enterpriseId, Guid? requestId, Guid? projectId,
        int? page, int? pageSize, CancellationToken ct)
    {
        string Where(Sql sql)
        {
            var where = "";
            if (status is { } s) where += $" and status = {sql.P((int)s)}";
            else if (includeClosed != true) where += $" and status not in ({(int)EscalationStatus.Closed}, {(int)EscalationStatus.Voided})";
            if (level is { } l) where += $" and level = {sql.P((int)l)}";
            if (kind is { } k) where += $" and kind = {sql.P((int)k)}";
            if (departmentId is { } d) where += $" and named_ids @> {sql.P(new[] { d })}";
            if (taskForceId is { } t) where += $" and named_ids @> {sql.P(new[] { t })}";
            if (enterpriseId is { } e) where += $" and enterprise_id = {sql.P(e)}";
            if (requestId is { } r) where += $" and request_id = {sql.P(r)}";
            if (projectId is { } p) where += $" and project_id = {sql.P(p)}";
            return where;
        }

        return (await HistoryReads.PageAsync<Escalation>(session, session.Table(HistoryTables.Escalations), at, Where,
            [("raised_at", false), ("id", false)], page, pageSize, ct)).Map(EscalationView.Of);
    }
}
