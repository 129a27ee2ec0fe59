using ProjectTracker.Access;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class TaskForceAndRoutingTests(DirectoryRegisteredThroughApi api) : IClassFixture<DirectoryRegisteredThroughApi>
{
    private readonly string _admin = api.AdminToken;

    [Fact]
    public async Task a_task_force_is_created_and_its_members_and_lead_change()
    {
        var newLead = await api.RegisterStaff("Deng Hao", api.Market.Id, Roles.Lead, Roles.Staff);
        var tf = await api.CreateTaskForce("Plant 3 project task force", TaskForceKind.Project, api.Lead.Id, [api.Worker.Id, api.Worker.Id], [api.Economic.Id]);
        Assert.Equal((TaskForceKind.Project, 1), (tf.Kind, tf.MemberIds.Length));

        var changed = await api.Put($"/api/task-forces/{tf.Id}",
            new { name = tf.Name, leadId = newLead.Id, memberIds = new[] { api.Worker.Id, api.Dispatcher.Id }, departmentIds = new[] { api.Economic.Id, api.Market.Id } },
            _admin, 200, "\"1\"").Json<TaskForce>();
        Assert.Equal((newLead.Id, 2, 2, 2), (changed.LeadId, changed.MemberIds.Length, changed.DepartmentIds.Length, changed.Version));

        var read = await api.Get($"/api/task-forces/{tf.Id}", api.TokenFor(api.Lead.Id, Roles.Lead)).Json<TaskForce>();
        Assert.Equal(newLead.Id, read.LeadId);
    }

    [Theory]
    [InlineData("leadId")]
    [InlineData("memberIds")]
    [InlineData("departmentIds")]
    public async Task a_task_force_refers_only_to_staff_and_departments_that_exist(string field)
    {
        var before = await api.EventTotal();
        var body = new Dictionary<string, object>
        {
            ["name"] = "Ghost task force", ["kind"] = "Thematic", ["leadId"] = api.Lead.Id,
            ["memberIds"] = new[] { api.Worker.Id }, ["departmentIds"] = new[] { api.Market.Id },
        };
        body[field] = field == "leadId" ? Guid.NewGuid() : new[] { Guid.NewGuid() };
        var problem = await api.Post("/api/task-forces", body, _admin, 400).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await api.EventTotal());
    }

    [Fact]
    public async Task a_lead_must_hold_the_lead_role()
    {
        var problem = await api.Post("/api/task-forces", new { name = "X", kind = "Thematic", leadId = api.Worker.Id }, _admin, 400).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("leadId", out _));
    }

    [Fact]
    public async Task task_forces_are_listed_by_kind()
    {
        await api.CreateTaskForce("Zone project task force", TaskForceKind.Project, api.Lead.Id, [], []);
        var thematic = await api.Get("/api/task-forces?kind=thematic", _admin).Json<Paged<TaskForce>>();
        Assert.NotEmpty(thematic.Items);
        Assert.All(thematic.Items, t => Assert.Equal(TaskForceKind.Thematic, t.Kind));
        var project = await api.Get("/api/task-forces?kind=Project", _admin).Json<Paged<TaskForce>>();
        Assert.Contains("Zone project task force", project.Items.Select(t => t.Name));
        Assert.All(project.Items, t => Assert.Equal(TaskForceKind.Project, t.Kind));
    }

    [Fact]
    public async Task the_routing_table_starts_with_its_first_rule_and_refuses_stale_or_unknown_input()
    {
        var empty = await api.Get("/api/routing", api.TokenFor(api.Dispatcher.Id, Roles.Dispatcher)).Json<RoutingTableView>();
        Assert.Equal(Enum.GetValues<Category>().Length, empty.Routes.Length);
        Assert.Equal(0, empty.Version);

        var set = await api.Put("/api/routing/talent", new { departmentIds = new[] { api.Economic.Id, api.Market.Id } }, _admin, 200, "\"0\"").Json<RoutingTableView>();
        Assert.Equal(1, set.Version);
        Assert.Equal([api.Economic.Id, api.Market.Id], set.Routes.Single(r => r.Category == Category.Talent).DepartmentIds);

        await api.Put("/api/routing/Funding", new { departmentIds = new[] { api.Economic.Id } }, _admin, 412, "\"0\"");
        var unknown = await api.Put("/api/routing/Funding", new { departmentIds = new[] { Guid.NewGuid() } }, _admin, 400).Json();
        Assert.True(unknown.GetProperty("errors").TryGetProperty("departmentIds", out _));
        await api.Put("/api/routing/Talent", new { departmentIds = new[] { api.Economic.Id, api.Market.Id } }, _admin);  // unchanged: no event
        Assert.Equal(1, await api.EventCount(RoutingTable.StreamId));

        var cleared = await api.Put("/api/routing/Talent", new { departmentIds = Array.Empty<Guid>() }, _admin).Json<RoutingTableView>();
        Assert.Empty(cleared.Routes.Single(r => r.Category == Category.Talent).DepartmentIds);
        Assert.Equal(2, cleared.Version);
    }
}
