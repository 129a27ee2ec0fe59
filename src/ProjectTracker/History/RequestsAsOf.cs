using Marten;
using ProjectTracker.Access;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;

namespace ProjectTracker.History;

/// <summary>
/// The request search and the queues as they answered at a past instant: the same filters, order
/// and paging, over the request versions valid then (<see cref="HistoryTables"/>), each request
/// observed at that instant (a breach not yet happened then is not shown). Who sees what is today's
/// caller's rule (roles, enterprise, units) applied to the requests as they were then: a unit
/// lists what it had been given by then.
/// </summary>
public static class RequestsAsOf
{
    private static readonly string Open = $"status in ({(int)RequestStatus.Filed}, {(int)RequestStatus.Dispatched})";

    public static async Task<Paged<RequestView>> SearchAsync(IQuerySession session, Caller caller, DateTimeOffset at, RequestStatus? status,
        Category? category, Guid? enterpriseId, Guid? assigneeId, bool? overdue, bool? paused, bool? atRisk,
        DateTimeOffset? filedFrom, DateTimeOffset? filedTo, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        string Where(Sql sql)
        {
            var where = "";
            if (!caller.SeesAll && !caller.Is(Roles.Dispatcher))
            {
                var enterprise = caller.Is(Roles.Contact) ? caller.EnterpriseId : null;
                where += enterprise is { } mine
                    ? $" and (enterprise_id = {sql.P(mine)} or assignee_ids && {sql.P(caller.WorkUnits)})"
                    : $" and assignee_ids && {sql.P(caller.WorkUnits)}";
            }
            if (status is { } s) where += $" and status = {sql.P((int)s)}";
            if (category is { } c) where += $" and category = {sql.P((int)c)}";
            if (enterpriseId is { } e) where += $" and enterprise_id = {sql.P(e)}";
            if (assigneeId is { } a) where += $" and assignee_ids @> {sql.P(new[] { a })}";
            if (filedFrom is { } from) where += $" and filed_at >= {sql.P(from.ToUniversalTime())}";
            if (filedTo is { } to) where += $" and filed_at < {sql.P(to.ToUniversalTime())}";
            if (!string.IsNullOrWhiteSpace(q)) where += $" and (title ilike {sql.P($"%{Like(q)}%")} escape '\\' or number = {sql.P(q)})";
            if (overdue == true)
                where += $" and {Open} and ((dispatch_met_at is null and dispatch_due < {sql.P(at)}) or (resolution_due < {sql.P(at)} and resolution_paused_at is null))";
            if (atRisk == true) where += $" and {Open} and at_risk";
            if (paused is { } p) where += p ? " and resolution_paused_at is not null" : " and resolution_paused_at is null";
            return where;
        }

        var found = await HistoryReads.PageAsync<Request>(session, session.Table(HistoryTables.Requests), at, Where,
            [("filed_at", true), ("id", true)], page, pageSize, ct);
        return found.Map(r => RequestView.Of(r, at));
    }

    public static async Task<Paged<DispatchQueueItem>> DispatchQueueAsync(IQuerySession session, Guid me, bool all, DateTimeOffset at,
        int? page, int? pageSize, CancellationToken ct)
    {
        string Where(Sql sql) => $" and {Open} and awaits_dispatch" + (all ? "" : $" and (secretary_id = {sql.P(me)} or secretary_id is null)");
        var found = await HistoryReads.PageAsync<Request>(session, session.Table(HistoryTables.Requests), at, Where,
            [("dispatch_due", false), ("id", false)], page, pageSize, ct);
        return found.Map(r => DispatchQueueItem.Of(r, at));
    }

    public static async Task<Paged<TaskQueueItem>> TaskQueueAsync(IQuerySession session, Guid[] mine, DateTimeOffset at,
        int? page, int? pageSize, CancellationToken ct)
    {
        Paging.Read(page, pageSize);
        string Where(Sql sql) => $" and {Open} and status = {(int)RequestStatus.Dispatched} and assignee_ids && {sql.P(mine)}";
        var requests = await HistoryReads.AllAsync<Request>(session, session.Table(HistoryTables.Requests), at, Where, ct);
        return TaskQueueItem.Of(requests, mine, at).Page(page, pageSize);
    }

    private static string Like(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
