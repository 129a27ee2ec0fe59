using Marten;
using Marten.Linq;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Approvals;
using Wolverine.Http;

namespace ProjectTracker.Projects.Reading;

/// <summary>One row of the key-project portfolio; BlockingProcedures is empty unless StartAtRisk (see <see cref="StartRisk"/>).</summary>
public sealed record PortfolioItem(Guid Id, string Name, Guid LeadEnterpriseId, decimal InvestmentYuan, string Industry, Guid TaskForceId,
    ProjectStatus Status, ProjectStage Stage, bool Late, DateTimeOffset? NextDue, ChiefServiceOfficer? ChiefServiceOfficer,
    bool StartAtRisk, BlockingProcedure[] BlockingProcedures);

public static class ListProjectsEndpoint
{
    /// <summary>
    /// The portfolio within what the caller may see, largest investment first. "Late" compares
    /// the earliest unachieved plan's due time with the clock, so it needs no escalation event;
    /// "start at risk" reads the checklist against the calendar the same way. Its filter runs in
    /// memory over the rows the other filters leave (a zone tracks a few hundred key projects).
    /// </summary>
    [WolverineGet("/api/projects", Name = "ListProjects"), Tags("Projects")]
    public static async Task<Paged<PortfolioItem>> Get(HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy,
        Guid? taskForceId, string? stage, string? industry, bool? lateOnly, bool? startAtRiskOnly, string? status, int? page, int? pageSize)
    {
        var stageIs = stage.ToEnum<ProjectStage>("stage");
        var statusIs = status.ToEnum<ProjectStatus>("status");
        if (industry?.Length > Limits.Name) throw Refusal.Invalid("industry", $"industry must be at most {Limits.Name} characters.");
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var now = clock.GetUtcNow();

        var query = session.Query<Project>().VisibleTo(caller);
        if (taskForceId is { } t) query = query.Where(x => x.TaskForceId == t);
        if (stageIs is { } s) query = query.Where(x => x.Stage == s);
        if (!string.IsNullOrWhiteSpace(industry)) query = query.Where(x => x.Industry.Equals(industry.Trim(), StringComparison.OrdinalIgnoreCase));
        if (statusIs is { } st) query = query.Where(x => x.Status == st);
        if (lateOnly == true) query = query.Where(x => x.NextDue != null && x.NextDue <= now);
        var ordered = query.OrderByDescending(x => x.InvestmentYuan).ThenBy(x => x.Name);

        PortfolioItem Row(Project x)
        {
            var blocking = StartRisk.Blocking(x, now, policy);
            return new PortfolioItem(x.Id, x.Name, x.LeadEnterpriseId, x.InvestmentYuan, x.Industry, x.TaskForceId, x.Status, x.Stage,
                x.NextDue <= now, x.NextDue, x.ChiefServiceOfficer, blocking.Length > 0, blocking);
        }
        if (startAtRiskOnly != true) return (await ordered.PageAsync(page, pageSize, ct)).Map(Row);
        Paging.Read(page, pageSize);   // a bad page is refused before the rows are read
        return (await ordered.ToListAsync(ct)).Select(Row).Where(r => r.StartAtRisk).ToList().Page(page, pageSize);
    }
}
