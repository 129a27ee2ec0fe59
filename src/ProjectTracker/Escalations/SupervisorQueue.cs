using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.History;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Escalations;

/// <summary>The supervisors' queue's filters, as the list and its export take them.</summary>
public sealed record EscalationFilter(EscalationStatus? Status = null, bool? IncludeClosed = null, EscalationLevel? Level = null, EscalationKind? Kind = null,
    Guid? DepartmentId = null, Guid? TaskForceId = null, Guid? EnterpriseId = null, Guid? RequestId = null, Guid? ProjectId = null);

/// <summary>The supervisors' (督查) queue: open escalations, oldest first; <c>asOf</c>: as it answered then (both from History/EscalationLists).</summary>
public static class SupervisorQueueEndpoints
{
    [WolverineGet("/api/escalations", Name = "ListEscalations"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Escalations")]
    public static Task<Paged<EscalationView>> List(IQuerySession session, HttpContext http, EscalationStatus? status, bool? includeClosed,
        EscalationLevel? level, EscalationKind? kind, Guid? departmentId, Guid? taskForceId, Guid? enterpriseId, Guid? requestId, Guid? projectId,
        int? page, int? pageSize, string? asOf, TimeProvider clock) =>
        EscalationLists.PageAsync(session, new EscalationFilter(status, includeClosed, level, kind, departmentId, taskForceId, enterpriseId, requestId, projectId),
            AsOf.From(http, clock.GetUtcNow()), page, pageSize, http.RequestAborted);

    [WolverineGet("/api/escalations/{id}", Name = "GetEscalation"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Escalations")]
    public static async Task<EscalationView> Get(Guid id, IQuerySession session, HttpContext http)
    {
        var escalation = await session.LoadAsync<Escalation>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Escalation {id}");
        return Preconditions.Tag(http, EscalationView.Of(escalation), escalation.Version);
    }
}
