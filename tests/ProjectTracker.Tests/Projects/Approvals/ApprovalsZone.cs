using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Projects.Reading;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>The project zone with the zone's approvals task force (审批专班) configured: its lead and one officer.</summary>
public class ApprovalsZone : ProjectZone
{
    public readonly Guid ApprovalsTaskForce = Guid.NewGuid(), ApprovalsLead = Guid.NewGuid(), ApprovalsOfficer = Guid.NewGuid();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Approvals:TaskForceId"] = ApprovalsTaskForce.ToString() };

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        var now = Clock.GetUtcNow();
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<StaffMember>(ApprovalsLead, new StaffRegistered(ApprovalsLead, "Approvals lead", MarketBureau, [Roles.Lead], null, Admin, now));
        session.Events.StartStream<StaffMember>(ApprovalsOfficer, new StaffRegistered(ApprovalsOfficer, "Approvals officer", MarketBureau, [Roles.Staff], null, Admin, now));
        session.Events.StartStream<TaskForce>(ApprovalsTaskForce, new TaskForceCreated(ApprovalsTaskForce, "Approvals task force", TaskForceKind.Thematic,
            ApprovalsLead, [ApprovalsOfficer], [MarketBureau], Admin, now));
        await session.SaveChangesAsync();
    }

    public Task<ProjectDetails?> AppointAsync(Guid projectId, Guid staffId, string reason = "Knows the land file", string? token = null, int status = 200) =>
        AppointRawAsync(projectId, new { staffId, reason }, token, status);

    public async Task<ProjectDetails?> AppointRawAsync(Guid projectId, object body, string? token = null, int status = 200)
    {
        var result = await PostAsync($"/api/projects/{projectId}/chief-service-officer", body, token ?? LeadToken, status);
        return status == 200 ? await result.ReadAsJsonAsync<ProjectDetails>() : null;
    }
}
