using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Escalations;

/// <summary>The supervisors' (督查) queue: open escalations, oldest first; <c>asOf</c>: as it answered then (History/EscalationsAsOf).</summary>
public static class SupervisorQueueEndpoints
{
    [WolverineGet("/api/escalations", Name = "ListEscalations"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Escalations")]
    public static async Task<Paged<EscalationView>> List(IQuerySession session, HttpContext http, EscalationStatus? status, bool? includeClosed,
        EscalationLevel? level, EscalationKind? kind, Guid? departmentId, Guid? taskForceId, Guid? enterpriseId, Guid? requestId, Guid? projectId,
        int? page, int? pageSize, string? asOf, TimeProvider clock)
    {
        if (AsOf.From(http, clock.GetUtcNow()) is { } then)
            return await History.EscalationsAsOf.ListAsync(session, then, status, includeClosed, level, kind, departmentId, taskForceId,
                enterpriseId, requestId, projectId, page, pageSize, http.RequestAborted);
        var q = Filtered(session, status, includeClosed, level, kind, departmentId, taskForceId, enterpriseId, requestId, projectId);
        return (await q.OrderBy(e => e.RaisedAt).ThenBy(e => e.Id).PageAsync(page, pageSize, http.RequestAborted)).Map(EscalationView.Of);
    }

    /// <summary>The queue's filters, shared with its export (Supervision/Exports).</summary>
    public static IQueryable<Escalation> Filtered(IQuerySession session, EscalationStatus? status, bool? includeClosed, EscalationLevel? level,
        EscalationKind? kind, Guid? departmentId, Guid? taskForceId, Guid? enterpriseId, Guid? requestId, Guid? projectId)
    {
        IQueryable<Escalation> q = session.Query<Escalation>();
        if (status is { } s) q = q.Where(e => e.Status == s);
        else if (includeClosed != true) q = q.Where(e => e.Status != EscalationStatus.Closed && e.Status != EscalationStatus.Voided);
        if (level is { } l) q = q.Where(e => e.Level == l);
        if (kind is { } k) q = q.Where(e => e.Kind == k);
        if (departmentId is { } d) q = q.Where(e => e.NamedIds.Contains(d));
        if (taskForceId is { } t) q = q.Where(e => e.NamedIds.Contains(t));
        if (enterpriseId is { } en) q = q.Where(e => e.EnterpriseId == en);
        if (requestId is { } r) q = q.Where(e => e.RequestId == r);
        if (projectId is { } pr) q = q.Where(e => e.ProjectId == pr);
        return q;
    }

    [WolverineGet("/api/escalations/{id}", Name = "GetEscalation"), Authorize(Roles = $"{Roles.Supervisor},{Roles.Admin}"), Tags("Escalations")]
    public static async Task<EscalationView> Get(Guid id, IQuerySession session, HttpContext http)
    {
        var escalation = await session.LoadAsync<Escalation>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Escalation {id}");
        return Preconditions.Tag(http, EscalationView.Of(escalation), escalation.Version);
    }
}
