using Marten;
using Marten.Linq;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Projects.Reading;

/// <summary>One row of the key-project portfolio.</summary>
public sealed record PortfolioItem(Guid Id, string Name, Guid LeadEnterpriseId, decimal InvestmentYuan, string Industry, Guid TaskForceId,
    ProjectStatus Status, ProjectStage Stage, bool Late, DateTimeOffset? NextDue, Approvals.ChiefServiceOfficer? ChiefServiceOfficer);

public static class ListProjectsEndpoint
{
    /// <summary>
    /// The portfolio within what the caller may see, largest investment first. "Late" compares
    /// the earliest unachieved plan's due time with the clock, so it needs no escalation event.
    /// </summary>
    [WolverineGet("/api/projects", Name = "ListProjects"), Tags("Projects")]
    public static async Task<Paged<PortfolioItem>> Get(HttpContext http, IQuerySession session, TimeProvider clock,
        Guid? taskForceId, string? stage, string? industry, bool? lateOnly, string? status, int? page, int? pageSize)
    {
        var stageIs = stage.ToEnum<ProjectStage>("stage");
        var statusIs = status.ToEnum<ProjectStatus>("status");
        if (industry?.Length > Limits.Name) throw ApiProblem.Invalid("industry", $"industry must be at most {Limits.Name} characters.");
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var now = clock.GetUtcNow();

        var query = session.Query<Project>().VisibleTo(caller);
        if (taskForceId is { } t) query = query.Where(x => x.TaskForceId == t);
        if (stageIs is { } s) query = query.Where(x => x.Stage == s);
        if (!string.IsNullOrWhiteSpace(industry)) query = query.Where(x => x.Industry.Equals(industry.Trim(), StringComparison.OrdinalIgnoreCase));
        if (statusIs is { } st) query = query.Where(x => x.Status == st);
        if (lateOnly == true) query = query.Where(x => x.NextDue != null && x.NextDue <= now);

        return (await query.OrderByDescending(x => x.InvestmentYuan).ThenBy(x => x.Name).PageAsync(page, pageSize, ct))
            .Map(x => new PortfolioItem(x.Id, x.Name, x.LeadEnterpriseId, x.InvestmentYuan, x.Industry, x.TaskForceId, x.Status, x.Stage,
                x.NextDue <= now, x.NextDue, x.ChiefServiceOfficer));
    }
}
