using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using Wolverine.Http;

namespace ProjectTracker.Projects.Reading;

public sealed record StageTotal(ProjectStage Stage, int Projects, decimal InvestmentYuan);

/// <summary>Over the live portfolio (cancelled projects left out) that the caller may see.</summary>
public sealed record PortfolioSummary(int Projects, decimal InvestmentYuan, IReadOnlyList<StageTotal> Stages, int LateMilestones,
    int Year, int AchievedAheadOfPlanThisYear);

public static class PortfolioSummaryEndpoint
{
    /// <summary>
    /// Computed in memory: the zone tracks a few hundred key projects a year, so loading the
    /// visible ones is cheaper to read and change than an aggregation in SQL.
    /// </summary>
    [WolverineGet("/api/projects/summary", Name = "ProjectPortfolioSummary"), Tags("Projects")]
    public static async Task<PortfolioSummary> Get(HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var projects = await session.Query<Project>().VisibleTo(caller).Where(p => p.Status != ProjectStatus.Cancelled).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var year = policy.ZoneToday(now).Year;

        var stages = Enum.GetValues<ProjectStage>().Select(s =>
        {
            var at = projects.Where(p => p.Stage == s).ToList();
            return new StageTotal(s, at.Count, at.Sum(p => p.InvestmentYuan));
        }).ToList();
        var milestones = projects.SelectMany(p => p.Milestones).ToList();
        return new PortfolioSummary(projects.Count, projects.Sum(p => p.InvestmentYuan), stages,
            milestones.Count(m => !m.Achieved && m.Due <= now),
            year, milestones.Count(m => m.Actual?.Year == year && m.Actual < m.OriginalPlanned));
    }
}
