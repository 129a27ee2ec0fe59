using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Demo;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Approvals;
using ProjectTracker.Projects.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Demo;

public class DemoZoneTests(Api api) : IClassFixture<Api>
{
    [Fact]
    public async Task the_demo_zone_loads_once_however_often_it_is_seeded()
    {
        var users = await DemoZone.SeedAsync(api.Host.Services);
        var events = await api.EventTotal();
        var deadlines = await ScheduledMilestoneDeadlines();
        var again = await DemoZone.SeedAsync(api.Host.Services);
        Assert.Equal(events, await api.EventTotal());
        Assert.Equal(deadlines, await ScheduledMilestoneDeadlines());
        Assert.Equal(users, again);

        var admin = api.TokenFor(users.First(u => u.Role == Roles.Admin).Id, Roles.Admin);
        Assert.Equal(4, (await api.Get("/api/departments", admin).Json<Paged<Department>>()).Total);
        var forces = (await api.Get("/api/task-forces", admin).Json<Paged<TaskForce>>()).Items;
        Assert.Equal([TaskForceKind.Thematic, TaskForceKind.Thematic, TaskForceKind.Project], forces.Select(t => t.Kind).Order());
        var enterprises = (await api.Get("/api/enterprises", admin).Json<Paged<Enterprise>>()).Items;
        Assert.Equal(12, enterprises.Count);
        Assert.All(enterprises, e => Assert.Null(CreditCode.Problem(e.CreditCode)));
        Assert.Contains(enterprises, e => e.IsKey && e.SecretaryId is not null);
        var routing = await api.Get("/api/routing", admin).Json<RoutingTableView>();
        Assert.All(routing.Routes, r => Assert.NotEmpty(r.DepartmentIds));

        Assert.Equal(Roles.All.Order(), users.Select(u => u.Role).Distinct().Order());
        var contact = users.First(u => u.Role == Roles.Contact);
        await api.Get($"/api/enterprises/{DemoZone.Enterprise(1)}", api.TokenFor(contact.Id, Roles.Contact));
    }

    [Fact]
    public async Task the_demo_projects_stand_at_their_stages_with_their_plans_deadlines_and_lapses()
    {
        var users = await DemoZone.SeedAsync(api.Host.Services);
        var supervisor = api.TokenFor(users.First(u => u.Role == Roles.Supervisor).Id, Roles.Supervisor);
        var list = (await api.Get("/api/projects?pageSize=50", supervisor).Json<Paged<PortfolioItem>>()).Items;
        Assert.Equal(DemoZone.ProjectCount, list.Count);
        var row = Enumerable.Range(1, DemoZone.ProjectCount).Select(n => list.Single(p => p.Id == DemoZone.Project(n))).ToArray();
        Assert.Equal(
            [
                (ProjectStage.Signed, ProjectStatus.Active, false), (ProjectStage.ConstructionStarted, ProjectStatus.Active, false),
                (ProjectStage.PlantDelivered, ProjectStatus.Active, true), (ProjectStage.ProductionStarted, ProjectStatus.Active, false),
                (ProjectStage.Signed, ProjectStatus.Suspended, true), (ProjectStage.Registered, ProjectStatus.Active, false),
            ],
            row.Select(p => (p.Stage, p.Status, p.Late)));
        Assert.All(row, p => Assert.Contains(p.LeadEnterpriseId, Enumerable.Range(1, 12).Select(DemoZone.Enterprise)));
        Assert.All(row, p => Assert.True(p.InvestmentYuan >= 100_000_000m));
        Assert.Equal(5, row.Count(p => p.TaskForceId == DemoZone.TaskForce(3)));
        Assert.Equal(DemoZone.TaskForce(2), row[5].TaskForceId);
        Assert.All(row.Where(p => !p.Late), p => Assert.True(p.NextDue > api.Clock.GetUtcNow()));

        var today = api.Host.Services.GetRequiredService<DeadlinePolicy>().ZoneToday(api.Clock.GetUtcNow());
        var details = new List<ProjectDetails>();
        foreach (var p in row) details.Add(await api.Get($"/api/projects/{p.Id}", supervisor).Json<ProjectDetails>());
        foreach (var m in details.SelectMany(d => d.Milestones))
        {
            if (m.Actual is { } actual) Assert.True(actual <= today);
            if (m.Planned < today) Assert.True(m.Actual is not null || m.Late, $"{m.Milestone} planned {m.Planned} is neither achieved nor late");
        }
        // Every project keeps its milestones' order.
        Assert.All(details, d => Assert.All(d.Milestones.Where(m => m.Actual is not null), m => Assert.Null(m.OutOfOrderReason)));
        Assert.True(details[1].Milestones[(int)Milestone.ConstructionStarted].DaysAhead > 0);
        Assert.True(details[2].Milestones[(int)Milestone.PlantDelivered].DaysAhead < 0);
        Assert.Equal([Milestone.MovedIn], details[2].Milestones.Where(m => m.Late).Select(m => m.Milestone));
        Assert.Equal([Milestone.ConstructionStarted], details[4].Milestones.Where(m => m.Late).Select(m => m.Milestone));
        Assert.False(string.IsNullOrWhiteSpace(details[4].StatusReason));

        // Plans still ahead were made through the handlers: each has its durable deadline.
        var ahead = details.SelectMany(d => d.Milestones).Count(m => m.Planned >= today);
        Assert.Equal(ahead, await ScheduledMilestoneDeadlines());
        // A lapsed plan (backfilled) had its deadline delivered: the active project's escalates, the suspended one's waits for resume.
        var escalated = await api.Get($"/api/escalations?includeClosed=true&projectId={DemoZone.Project(3)}", supervisor).Json<Paged<EscalationView>>();
        Assert.Equal(nameof(Milestone.MovedIn), Assert.Single(escalated.Items).Milestone);
        Assert.Equal([escalated.Items[0].Id], details[2].Milestones[(int)Milestone.MovedIn].EscalationIds);
        Assert.Empty((await api.Get($"/api/escalations?includeClosed=true&projectId={DemoZone.Project(5)}", supervisor).Json<Paged<EscalationView>>()).Items);
    }

    [Fact]
    public async Task two_demo_projects_have_checklists_at_different_stages_with_a_chief_service_officer()
    {
        var users = await DemoZone.SeedAsync(api.Host.Services);
        var supervisor = api.TokenFor(users.First(u => u.Role == Roles.Supervisor).Id, Roles.Supervisor);
        var advanced = await api.Get($"/api/projects/{DemoZone.Project(1)}/checklist", supervisor).Json<ChecklistView>();
        Assert.Equal([ProcedureState.Approved, ProcedureState.Approved, ProcedureState.Applied, ProcedureState.AcceptedPendingDocuments, ProcedureState.NotApplied],
            advanced.Items.Select(i => i.State));
        Assert.Equal(2, advanced.Items[3].DocumentsStillPending.Length);
        Assert.Null(advanced.Shortfall);
        var early = await api.Get($"/api/projects/{DemoZone.Project(6)}/checklist", supervisor).Json<ChecklistView>();
        Assert.All(early.Items, i => Assert.Equal(ProcedureState.NotApplied, i.State));
        Assert.NotNull(early.Shortfall);   // 45 working days of land, planning, drawings and permit in 50 days

        var atRisk = (await api.Get("/api/projects?startAtRiskOnly=true", supervisor).Json<Paged<PortfolioItem>>()).Items;
        Assert.Equal([DemoZone.Project(6)], atRisk.Select(p => p.Id));
        Assert.Contains(atRisk[0].BlockingProcedures, b => b.ItemId == DemoZone.Procedure(6, 1) && b.Reason == BlockingReason.CannotFit);
        foreach (var n in new[] { 1, 6 })
            Assert.NotNull((await api.Get($"/api/projects/{DemoZone.Project(n)}", supervisor).Json<ProjectDetails>()).ChiefServiceOfficer);
    }

    private async Task<long> ScheduledMilestoneDeadlines()
    {
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand(
            "select count(*) from wolverine.wolverine_incoming_envelopes where status = 'Scheduled' and message_type like '%MilestoneDeadline%'", conn);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task dev_token_mints_a_token_the_service_accepts_for_a_user_of_the_directory()
    {
        var users = await DemoZone.SeedAsync(api.Host.Services);
        var supervisor = users.First(u => u.Role == Roles.Supervisor).Id;
        await using var session = api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var roles in new[] { new[] { Roles.Supervisor }, [] })
        {
            var output = new StringWriter();
            // Tokens are checked on real time, not the domain's fake clock.
            Assert.True(await DevTokenCommand.RunAsync(new AuthOptions { SigningKey = Api.SigningKey }, supervisor.ToString(), roles, 12,
                DateTimeOffset.UtcNow, id => Caller.LoadAsync(session, id), output, TextWriter.Null));
            await api.Get("/api/escalations", output.ToString().Trim());
        }
    }

    private static readonly Guid Known = Guid.Parse("6d1c1f2a-1b7e-4d55-9a59-0c8e2d6f3a10");

    [Theory]
    [InlineData(null, "6d1c1f2a-1b7e-4d55-9a59-0c8e2d6f3a10", "supervisor", "SigningKey")]
    [InlineData(Api.SigningKey, "not-a-guid", "supervisor", "--user")]
    [InlineData(Api.SigningKey, "6d1c1f2a-1b7e-4d55-9a59-0c8e2d6f3a10", "emperor", "--role")]
    [InlineData(Api.SigningKey, "0f6b9a57-4c55-4f7e-a2a4-2d1c2b1b9e01", "supervisor", "not an active user of the directory")]
    [InlineData(Api.SigningKey, "6d1c1f2a-1b7e-4d55-9a59-0c8e2d6f3a10", "admin", "never add")]
    public async Task dev_token_refuses_what_the_service_would_refuse(string? key, string user, string role, string why)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var supervisor = new Caller(Known, new HashSet<string> { Roles.Supervisor }, null, Guid.NewGuid(), new HashSet<Guid>(), new HashSet<Guid>());
        Assert.False(await DevTokenCommand.RunAsync(new AuthOptions { SigningKey = key, Authority = "https://idp.example" }, user, [role], 12,
            DateTimeOffset.UtcNow, id => Task.FromResult(id == Known ? supervisor : null), output, errors));
        Assert.Empty(output.ToString());
        Assert.Contains(why, errors.ToString());
    }
}
