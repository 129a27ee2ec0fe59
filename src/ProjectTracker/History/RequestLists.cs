using Marten;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;

namespace ProjectTracker.History;

/// <summary>
/// The request search and the queues, today or as they answered at a past instant, from the
/// request versions of <see cref="HistoryTables"/>: today's are each request's latest version
/// (written with its snapshot, in the same transaction), a past instant's those valid then. The
/// filters, order and paging are the same either way, over narrow indexed columns; each request
/// is observed at the instant read (a breach not yet happened then is not shown). Who sees what is
/// today's caller's rule (roles, enterprise, units) applied to the requests as they were: a unit
/// lists what it had been given by then. Tested against Marten's own query over the snapshots
/// (TodaysListsTests) and against what the lists answered then (ListsAsOfTests).
/// </summary>
public static class RequestLists
{
    private static readonly string Open = $"status in ({(int)RequestStatus.Filed}, {(int)RequestStatus.Dispatched})";
    private static readonly (string, bool)[] Newest = [("filed_at", true), ("id", true)];

    public static async Task<Paged<RequestView>> SearchAsync(IQuerySession session, Caller caller, RequestFilter filter, DateTimeOffset now,
        DateTimeOffset? asOf, int? page, int? pageSize, CancellationToken ct)
    {
        var at = asOf ?? now;
        var found = await HistoryReads.PageAsync<Request>(session, session.Table(HistoryTables.Requests), asOf, Matching(caller, filter, at), Newest,
            page, pageSize, ct);
        return found.Map(r => RequestView.Of(r, at));
    }

    public static Task<long> CountAsync(IQuerySession session, Caller caller, RequestFilter filter, DateTimeOffset now, DateTimeOffset? asOf,
        CancellationToken ct) =>
        HistoryReads.CountAsync(session, session.Table(HistoryTables.Requests), asOf, Matching(caller, filter, asOf ?? now), ct);

    /// <summary>The whole search in its order, at most <paramref name="limit"/> requests, streamed (the request export).</summary>
    public static async IAsyncEnumerable<RequestView> StreamAsync(IQuerySession session, Caller caller, RequestFilter filter, DateTimeOffset now,
        DateTimeOffset? asOf, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var at = asOf ?? now;
        await foreach (var r in HistoryReads.StreamAsync<Request>(session, session.Table(HistoryTables.Requests), asOf, Matching(caller, filter, at),
                           Newest, limit, ct))
            yield return RequestView.Of(r, at);
    }

    /// <summary>The caller's access rule and the filter, as " and ..." over the table's columns; overdue judged at <paramref name="at"/>.</summary>
    private static Func<Sql, string> Matching(Caller caller, RequestFilter filter, DateTimeOffset at) => sql =>
    {
        var where = "";
        if (!caller.SeesAll && !caller.Is(Roles.Dispatcher))
        {
            // Written for the index each caller can use: a contact's enterprise, a unit's assignments.
            var enterprise = caller.Is(Roles.Contact) ? caller.EnterpriseId : null;
            var units = caller.WorkUnits;
            where += (enterprise, units.Length) switch
            {
                ({ } mine, 0) => $" and enterprise_id = {sql.P(mine)}",
                ({ } mine, _) => $" and (enterprise_id = {sql.P(mine)} or assignee_ids && {sql.P(units)})",
                _ => $" and assignee_ids && {sql.P(units)}",
            };
        }
        if (filter.Status is { } s) where += $" and status = {sql.P((int)s)}";
        if (filter.Category is { } c) where += $" and category = {sql.P((int)c)}";
        if (filter.EnterpriseId is { } e) where += $" and enterprise_id = {sql.P(e)}";
        if (filter.AssigneeId is { } a) where += $" and assignee_ids @> {sql.P(new[] { a })}";
        if (filter.FiledFrom is { } from) where += $" and filed_at >= {sql.P(from.ToUniversalTime())}";
        if (filter.FiledTo is { } to) where += $" and filed_at < {sql.P(to.ToUniversalTime())}";
        if (!string.IsNullOrWhiteSpace(filter.Q)) where += $" and (title ilike {sql.P($"%{Like(filter.Q)}%")} escape '\\' or number = {sql.P(filter.Q)})";
        if (filter.Overdue == true)
            where += $" and {Open} and ((dispatch_met_at is null and dispatch_due < {sql.P(at)}) or (resolution_due < {sql.P(at)} and resolution_paused_at is null))";
        if (filter.AtRisk == true) where += $" and {Open} and at_risk";
        if (filter.Paused is { } p) where += p ? " and resolution_paused_at is not null" : " and resolution_paused_at is null";
        return where;
    };

    public static async Task<Paged<DispatchQueueItem>> DispatchQueueAsync(IQuerySession session, Guid me, bool all, DateTimeOffset now, DateTimeOffset? asOf,
        int? page, int? pageSize, CancellationToken ct)
    {
        string Where(Sql sql) => $" and {Open} and awaits_dispatch" + (all ? "" : $" and (secretary_id = {sql.P(me)} or secretary_id is null)");
        var found = await HistoryReads.PageAsync<Request>(session, session.Table(HistoryTables.Requests), asOf, Where,
            [("dispatch_due", false), ("id", false)], page, pageSize, ct);
        return found.Map(r => DispatchQueueItem.Of(r, asOf ?? now));
    }

    public static async Task<Paged<TaskQueueItem>> TaskQueueAsync(IQuerySession session, Guid[] mine, DateTimeOffset now, DateTimeOffset? asOf,
        int? page, int? pageSize, CancellationToken ct)
    {
        Paging.Read(page, pageSize);
        // Exactly the open assignments' index predicate (a filed request has no task yet; the active tasks are picked below):
        // with a further status condition the planner combined a status index with the all-versions one, 1.5 s at 1,000,000 requests.
        string Where(Sql sql) => $" and {Open} and assignee_ids && {sql.P(mine)}";
        // Only the caller's active tasks leave the database, not every such request's whole document (~180 of them
        // per department at 1,000,000 requests); ordered and paged here, by the same rule as TaskQueueItem.Of.
        var sql = new Sql();
        var table = session.Table(HistoryTables.Requests);
        var rows = ValidTime.Rows(sql, table, "id, version", asOf, Where);
        var tasks = await HistoryReads.JsonAsync<QueuedTask>(session,
            $"select jsonb_build_object('RequestId', h.id, 'Number', h.data -> 'Number', 'Title', h.data -> 'Title', 'Task', t)::text " +
            $"from {rows} v join {table} h using (id, version) cross join lateral jsonb_array_elements(h.data -> 'Tasks') t " +
            $"where (t ->> 'State')::int in ({(int)TaskState.Open}, {(int)TaskState.Accepted}) and (t ->> 'AssigneeId')::uuid = any({sql.P(mine)})",
            sql.Values, ct);
        var at = asOf ?? now;
        return TaskQueueItem.Ordered(tasks.Select(q => TaskQueueItem.Of(q.RequestId, q.Number, q.Title, q.Task, at))).Page(page, pageSize);
    }

    private sealed record QueuedTask(Guid RequestId, string Number, string Title, RequestTask Task);

    private static string Like(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
