using Marten;
using Microsoft.AspNetCore.Authorization;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Pausing;

/// <summary>A request waiting for its enterprise: since when, why, how much working time it has waited, how often paused.</summary>
public sealed record PausedRequest(Guid RequestId, string Number, Guid EnterpriseId, string Title, DateTimeOffset PausedAt, string? Reason,
    TimeSpan Waited, int Pauses, DateTimeOffset ResolutionDue);

public static class PausedRequestsEndpoint
{
    /// <summary>For supervisors: every paused request, longest waiting first (a pause is the easiest place to hide a late request).</summary>
    [WolverineGet("/api/requests/paused", Name = "ListPausedRequests"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Requests")]
    public static async Task<Paged<PausedRequest>> Get(HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy, int? page, int? pageSize)
    {
        var now = clock.GetUtcNow();
        var found = await session.Query<Request>().Where(r => r.Resolution.PausedAt != null && (r.Status == RequestStatus.Filed || r.Status == RequestStatus.Dispatched))
            .OrderBy(r => r.Resolution.PausedAt).PageAsync(page, pageSize, http.RequestAborted);
        return found.Map(r => new PausedRequest(r.Id, r.Number, r.EnterpriseId, r.Title, r.Resolution.PausedAt!.Value, r.Resolution.PauseReason,
            policy.ResolutionPausedFor(r.Resolution.PausedAt.Value, now), r.Pauses, r.Resolution.Due));
    }
}
