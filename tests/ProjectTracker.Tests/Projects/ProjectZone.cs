using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Projects;

/// <summary>
/// The zone plus a second task force (the industrial-park task force, its own lead and member),
/// so that "another task force's project" exists, and helpers that speak the projects API.
/// </summary>
public class ProjectZone : Zone
{
    public readonly Guid ParkTaskForce = Guid.NewGuid(), ParkLead = Guid.NewGuid(), ParkMember = Guid.NewGuid();
    private static readonly TimeSpan ZoneOffset = TimeSpan.FromHours(8);

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        var now = Clock.GetUtcNow();
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<StaffMember>(ParkLead, new StaffRegistered(ParkLead, "Park lead", EconomicBureau, [Roles.Lead], null, Admin, now));
        session.Events.StartStream<StaffMember>(ParkMember, new StaffRegistered(ParkMember, "Park member", MarketBureau, [Roles.Staff], null, Admin, now));
        session.Events.StartStream<TaskForce>(ParkTaskForce, new TaskForceCreated(ParkTaskForce, "Industrial park task force", TaskForceKind.Project,
            ParkLead, [ParkMember], [EconomicBureau], Admin, now));
        await session.SaveChangesAsync();
    }

    public string MemberToken => TokenFor(TaskForceMember, Roles.Staff);
    public string ParkLeadToken => TokenFor(ParkLead, Roles.Lead);
    public string ParkMemberToken => TokenFor(ParkMember, Roles.Staff);

    /// <summary>Today in the zone (UTC+8) on the fake clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(ZoneOffset).DateTime);

    /// <summary>When a milestone planned for <paramref name="day"/> falls due: the end of that day in the zone.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ZoneOffset).AddDays(1);

    public Task AdvanceToAsync(DateTimeOffset moment) => AdvanceAndFireDeadlinesAsync(moment - Clock.GetUtcNow());

    public static object Plan(string milestone, DateOnly date) => new { milestone, date };

    public async Task<ProjectDetails> RegisterAsync(string? token = null, Guid? taskForceId = null, Guid? leadEnterpriseId = null,
        string name = "Precision bearings plant", decimal investmentYuan = 1_500_000_000m, string industry = "Equipment", params object[] plans)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(new
            {
                name, leadEnterpriseId = leadEnterpriseId ?? KeyEnterprise, investmentYuan, industry,
                taskForceId = taskForceId ?? LandTaskForce, location = "Plot 7, Zhuyuan Road", plans,
            }).ToUrl("/api/projects");
            s.WithBearerToken(token ?? LeadToken);
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<ProjectDetails>())!;
    }

    /// <summary>A command on a project (answers 200 by default).</summary>
    public Task<IScenarioResult> PostAsync(string url, object body, string token, int status = 200) => this.Post(url, body, token, status);

    /// <summary>plan / replan / achieve a milestone; answers the project when it succeeds.</summary>
    public async Task<ProjectDetails?> MilestoneAsync(Guid projectId, string milestone, string action, object body, string? token = null, int status = 200)
    {
        var result = await PostAsync($"/api/projects/{projectId}/milestones/{milestone}/{action}", body, token ?? MemberToken, status);
        return status == 200 ? await result.ReadAsJsonAsync<ProjectDetails>() : null;
    }

    public Task<ProjectDetails?> AchieveAsync(Guid projectId, string milestone, DateOnly date, string? outOfOrderReason = null, int status = 200) =>
        MilestoneAsync(projectId, milestone, "achieve", new { date, evidence = "Signed contract no. 2026-17, photos on file.", outOfOrderReason }, status: status);

    public Task<ProjectDetails> GetProjectAsync(Guid id, string? token = null) => GetAsync<ProjectDetails>($"/api/projects/{id}", token ?? SupervisorToken);

    public async Task<IReadOnlyList<EscalationView>> EscalationsForAsync(Guid projectId) =>
        (await GetAsync<Paged<EscalationView>>($"/api/escalations?includeClosed=true&pageSize=200&projectId={projectId}", SupervisorToken)).Items;
}
