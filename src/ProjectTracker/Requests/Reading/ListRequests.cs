using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Reading;

public static class ListRequestsEndpoint
{
    /// <summary>
    /// Search within what the caller may see. "Overdue" is derived from the due times and the
    /// clock, not from escalation events, so a request shows as overdue the moment it is.
    /// <c>asOf</c>: what this search answered at that instant (History/RequestsAsOf).
    /// </summary>
    [WolverineGet("/api/requests", Name = "ListRequests"), Tags("Requests")]
    public static async Task<Paged<RequestView>> Get(HttpContext http, IQuerySession session, TimeProvider clock,
        RequestStatus? status, Category? category, Guid? enterpriseId, Guid? assigneeId, bool? overdue, bool? paused, bool? atRisk,
        DateTimeOffset? filedFrom, DateTimeOffset? filedTo, string? q, int? page, int? pageSize, string? asOf)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var now = clock.GetUtcNow();
        var search = Search(session, caller, now, status, category, enterpriseId, assigneeId, overdue, paused, atRisk, filedFrom, filedTo, q);
        if (AsOf.From(http, now) is { } then)
            return await History.RequestsAsOf.SearchAsync(session, caller, then, status, category, enterpriseId, assigneeId, overdue, paused, atRisk,
                filedFrom, filedTo, q, page, pageSize, ct);

        var found = await search.PageAsync(page, pageSize, ct);
        return found.Map(r => RequestView.Of(r, now));
    }

    /// <summary>
    /// The search's checks, access rule, filters and order, not yet run: the list pages it, the
    /// request export (Supervision/Exports) streams it whole.
    /// </summary>
    public static IQueryable<Request> Search(IQuerySession session, Caller caller, DateTimeOffset now,
        RequestStatus? status, Category? category, Guid? enterpriseId, Guid? assigneeId, bool? overdue, bool? paused, bool? atRisk,
        DateTimeOffset? filedFrom, DateTimeOffset? filedTo, string? q)
    {
        if (q?.Length > Limits.Title) throw Refusal.Invalid("q", $"q must be at most {Limits.Title} characters.");
        IQueryable<Request> query = session.Query<Request>();
        if (!caller.SeesAll && !caller.Is(Roles.Dispatcher))
        {
            var mine = caller.WorkUnits;
            var enterprise = caller.Is(Roles.Contact) ? caller.EnterpriseId : null;
            query = query.Where(r => r.EnterpriseId == enterprise || r.AssigneeIds.Any(a => mine.Contains(a)));
        }
        if (status is { } s) query = query.Where(r => r.Status == s);
        if (category is { } c) query = query.Where(r => r.Category == c);
        if (enterpriseId is { } e) query = query.Where(r => r.EnterpriseId == e);
        if (assigneeId is { } a) query = query.Where(r => r.AssigneeIds.Contains(a));
        if (filedFrom is { } from) query = query.Where(r => r.FiledAt >= from);
        if (filedTo is { } to) query = query.Where(r => r.FiledAt < to);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(r => r.Title.Contains(q, StringComparison.OrdinalIgnoreCase) || r.Number == q);
        if (overdue == true)
            query = query.Where(r => (r.Status == RequestStatus.Filed || r.Status == RequestStatus.Dispatched)
                && ((r.Dispatch.MetAt == null && r.Dispatch.Due < now) || (r.Resolution.Due < now && r.Resolution.PausedAt == null)));
        if (atRisk == true)
            query = query.Where(r => (r.Status == RequestStatus.Filed || r.Status == RequestStatus.Dispatched)
                && ((r.Dispatch.MarkedAtRiskAt != null && r.Dispatch.MetAt == null) || (r.Resolution.MarkedAtRiskAt != null && r.Resolution.MetAt == null)));
        if (paused is { } p) query = p ? query.Where(r => r.Resolution.PausedAt != null) : query.Where(r => r.Resolution.PausedAt == null);
        return query.OrderByDescending(r => r.FiledAt).ThenByDescending(r => r.Id);
    }
}
