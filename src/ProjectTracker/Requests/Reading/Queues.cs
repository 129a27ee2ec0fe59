using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory;
using ProjectTracker.History;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Reading;

public sealed record DispatchQueueItem(Guid RequestId, string Number, string Title, Guid EnterpriseId, Category Category,
    DateTimeOffset FiledAt, DateTimeOffset DispatchDue, bool Overdue, bool AtRisk, Guid[] ProposedDepartmentIds)
{
    public static DispatchQueueItem Of(Request r, DateTimeOffset now) => new(r.Id, r.Number, r.Title, r.EnterpriseId, r.Category, r.FiledAt,
        r.Dispatch.Due, r.Dispatch.MetAt is null && r.Dispatch.Due < now, r.Dispatch.AtRisk && r.Dispatch.Due >= now, r.ProposedDepartmentIds);
}

public sealed record TaskQueueItem(Guid RequestId, string Number, string Title, Guid TaskId, AssigneeKind AssigneeKind, Guid AssigneeId,
    TaskState State, string Instructions, DateTimeOffset Due, bool Overdue, bool AtRisk)
{
    /// <summary>The open tasks of <paramref name="mine"/> in these requests: overdue, then at risk, then by due.</summary>
    public static IReadOnlyList<TaskQueueItem> Of(IEnumerable<Request> requests, Guid[] mine, DateTimeOffset now) =>
        Ordered(requests.SelectMany(r => r.Tasks.Where(t => t.IsActive && mine.Contains(t.AssigneeId)).Select(t => Of(r.Id, r.Number, r.Title, t, now))));

    public static TaskQueueItem Of(Guid requestId, string number, string title, RequestTask t, DateTimeOffset now) =>
        new(requestId, number, title, t.Id, t.AssigneeKind, t.AssigneeId, t.State, t.Instructions, t.Due, t.Due < now, t.AtRisk && t.Due >= now);

    public static IReadOnlyList<TaskQueueItem> Ordered(IEnumerable<TaskQueueItem> items) =>
        items.OrderByDescending(t => t.Overdue).ThenByDescending(t => t.AtRisk).ThenBy(t => t.Due).ThenBy(t => t.RequestId).ThenBy(t => t.TaskId).ToList();
}

/// <summary>"My queue": what is waiting for the caller, most urgent first.</summary>
public static class QueueEndpoints
{
    /// <summary>
    /// A dispatcher's undispatched requests by due time (so the overdue, then those at risk, come first): a secretary's own key enterprises, and
    /// the dispatch desk's (no secretary). Requests whose tasks were all handed back come back here.
    /// <c>asOf</c>: as it answered then (both from History/RequestLists).
    /// </summary>
    [WolverineGet("/api/queues/dispatch", Name = "DispatchQueue"), Authorize(Roles = Roles.Dispatcher), Tags("Queues")]
    public static async Task<Paged<DispatchQueueItem>> Dispatch(HttpContext http, IQuerySession session, TimeProvider clock, bool? all, int? page, int? pageSize,
        string? asOf)
    {
        var now = clock.GetUtcNow();
        return await RequestLists.DispatchQueueAsync(session, http.UserId(), all == true, now, AsOf.From(http, now), page, pageSize, http.RequestAborted);
    }

    /// <summary>
    /// Open tasks of the caller's department and task forces (or one of them): overdue first, then
    /// those at risk (marked, not yet overdue), then by due time. A task's due is a target inside the request's promise: past
    /// it the task is overdue here, but only the request's clocks escalate to supervision.
    /// <c>asOf</c>: as it answered then, for the units the caller works for today.
    /// </summary>
    [WolverineGet("/api/queues/tasks", Name = "TaskQueue"), Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Queues")]
    public static async Task<Paged<TaskQueueItem>> Tasks(HttpContext http, IQuerySession session, TimeProvider clock, Guid? assigneeId, int? page, int? pageSize,
        string? asOf)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        if (assigneeId is { } only && !caller.WorksFor(only)) throw Refusal.Forbidden($"You do not work for {only}.");
        Guid[] mine = assigneeId is { } a ? [a] : caller.WorkUnits;
        var now = clock.GetUtcNow();
        return await RequestLists.TaskQueueAsync(session, mine, now, AsOf.From(http, now), page, pageSize, http.RequestAborted);
    }
}
