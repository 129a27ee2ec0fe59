using Marten;
using ProjectTracker.Access;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Directory;
using ProjectTracker.History;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Reading;

/// <summary>The request search's filters, as the list and its export take them.</summary>
public sealed record RequestFilter(RequestStatus? Status = null, Category? Category = null, Guid? EnterpriseId = null, Guid? AssigneeId = null,
    bool? Overdue = null, bool? Paused = null, bool? AtRisk = null, DateTimeOffset? FiledFrom = null, DateTimeOffset? FiledTo = null, string? Q = null)
{
    public RequestFilter Checked() =>
        Q?.Length > Limits.Title ? throw Refusal.Invalid("q", $"q must be at most {Limits.Title} characters.") : this;
}

public static class ListRequestsEndpoint
{
    /// <summary>
    /// Search within what the caller may see, newest first. "Overdue" is derived from the due
    /// times and the clock, not from escalation events, so a request shows as overdue the moment
    /// it is. <c>asOf</c>: what this search answered at that instant. Both are read from the
    /// request versions' indexed columns (History/RequestLists).
    /// </summary>
    [WolverineGet("/api/requests", Name = "ListRequests"), Tags("Requests")]
    public static async Task<Paged<RequestView>> Get(HttpContext http, IQuerySession session, TimeProvider clock,
        RequestStatus? status, Category? category, Guid? enterpriseId, Guid? assigneeId, bool? overdue, bool? paused, bool? atRisk,
        DateTimeOffset? filedFrom, DateTimeOffset? filedTo, string? q, int? page, int? pageSize, string? asOf)
    {
        var now = clock.GetUtcNow();
        var filter = new RequestFilter(status, category, enterpriseId, assigneeId, overdue, paused, atRisk, filedFrom, filedTo, q).Checked();
        return await RequestLists.SearchAsync(session, http.Caller(), filter, now, AsOf.From(http, now), page, pageSize, http.RequestAborted);
    }
}
