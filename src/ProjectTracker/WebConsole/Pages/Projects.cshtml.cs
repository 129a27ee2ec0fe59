using Marten;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Reading;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// 重点项目: the portfolio (GET /api/projects's read: what the user may see, largest investment
/// first, 20 a page; <c>?lateOnly=true&amp;page=n</c>) with each project's milestones as GET
/// /api/projects/{id} gives them (<see cref="ProjectDetails.Of"/>), the page's projects read in one
/// query, not one per project, drawn as timeline bars on one axis.
/// </summary>
public sealed class ProjectsModel(IQuerySession session, TimeProvider clock, DeadlinePolicy policy) : ConsolePage
{
    public const int PageSize = 20;
    public override string TitleKey => "projects";
    public Read<Paged<PortfolioItem>> Portfolio { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, ProjectDetails> Details { get; private set; } = new Dictionary<Guid, ProjectDetails>();
    public IReadOnlyDictionary<Guid, string> UnitNames { get; private set; } = new Dictionary<Guid, string>();
    public (double From, double To)? Axis { get; private set; }
    public bool LateOnly { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;

    public async Task OnGetAsync(string? lateOnly, int? page)
    {
        (LateOnly, PageNumber) = (lateOnly == "true", Math.Max(1, page ?? 1));
        Portfolio = await ReadAsync(typeof(ListProjectsEndpoint), nameof(ListProjectsEndpoint.Get), () => ListProjectsEndpoint.Get(
            HttpContext, session, clock, policy, null, null, null, LateOnly ? true : null, null, null, PageNumber, PageSize));
        if (!Portfolio.Ok) { Notice = ("error", Refused(Portfolio)); return; }
        Pages = (int)Math.Max(1, (Portfolio.Value!.Total + PageSize - 1) / PageSize);
        // The listed projects are those the user may see: their milestones in one read.
        var ids = Portfolio.Value.Items.Select(p => p.Id).ToArray();
        var projects = ids.Length == 0 ? [] : await session.LoadManyAsync<Project>(HttpContext.RequestAborted, ids);
        var now = clock.GetUtcNow();
        Details = projects.ToDictionary(p => p.Id, p => ProjectDetails.Of(p, now, policy));
        Axis = Charts.Axis(Details.Values);
        UnitNames = (await UnitsAsync(session)).ToDictionary(u => u.Id, u => u.Name);
    }

    public string Href(int page) =>
        "/console/projects" + (LateOnly, page) switch { (true, > 1) => $"?lateOnly=true&page={page}", (true, _) => "?lateOnly=true", (_, > 1) => $"?page={page}", _ => "" };
}
