using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Projects.Approvals;

/// <summary>A procedure a department is responsible for, with just enough of its project to find it.</summary>
public sealed record ProcedureQueueItem(Guid ProjectId, string ProjectName, ProjectStatus ProjectStatus, DateOnly? PlannedStart, bool Overdue,
    ProcedureView Procedure);

public static class ProcedureQueueEndpoint
{
    /// <summary>
    /// The open procedures (not approved) the caller's department handles, on projects not
    /// cancelled, earliest due first. A queue of its own beside the request task queue rather than
    /// inside it: procedures live on project streams, tasks on request streams. Being responsible
    /// for a procedure shows the department that procedure and its project's name, not the project.
    /// </summary>
    [WolverineGet("/api/queues/procedures", Name = "ProcedureQueue"), Authorize(Roles = $"{Roles.Staff},{Roles.Lead}"), Tags("Queues")]
    public static async Task<Paged<ProcedureQueueItem>> Get(HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy,
        IOptions<ApprovalsOptions> catalogue, int? page, int? pageSize)
    {
        Paging.Read(page, pageSize);   // a bad page is refused before the rows are read
        if (http.Caller().DepartmentId is not { } department) return Array.Empty<ProcedureQueueItem>().Page(page, pageSize);
        var projects = await session.Query<Project>()
            .Where(p => p.Status != ProjectStatus.Cancelled && p.Checklist.Any(i => i.DepartmentId == department))
            .ToListAsync(http.RequestAborted);
        var today = policy.ZoneToday(clock.GetUtcNow());
        return projects
            .SelectMany(p => p.Checklist.Where(i => i.Open && i.DepartmentId == department).Select(i =>
                new ProcedureQueueItem(p.Id, p.Name, p.Status, p.Of(Milestone.ConstructionStarted).Planned, i.Due < today,
                    ProcedureView.Of(i, policy.Calendar, catalogue.Value))))
            .OrderBy(x => x.Procedure.Due).ThenBy(x => x.ProjectName).ThenBy(x => x.Procedure.Id)
            .ToList().Page(page, pageSize);
    }
}
