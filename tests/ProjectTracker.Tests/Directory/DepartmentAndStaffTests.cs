using ProjectTracker.Access;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class DepartmentAndStaffTests(DirectoryRegisteredThroughApi api) : IClassFixture<DirectoryRegisteredThroughApi>
{
    private readonly string _admin = api.AdminToken;

    [Fact]
    public async Task a_department_is_created_renamed_and_found_by_part_of_its_name()
    {
        var d = await api.CreateDepartment("Natural Resources Bureau");
        var renamed = await api.Put($"/api/departments/{d.Id}", new { name = "Natural Resources and Planning Bureau" }, _admin, 200, "\"1\"").Json<Department>();
        Assert.Equal(2, renamed.Version);
        var found = await api.Get("/api/departments?q=planning", api.TokenFor(api.Worker.Id, Roles.Staff)).Json<Paged<Department>>();
        Assert.Equal([d.Id], found.Items.Select(x => x.Id));
    }

    [Fact]
    public async Task two_departments_cannot_share_a_name()
    {
        await api.Post("/api/departments", new { name = "market supervision bureau" }, _admin, 409);
        var other = await api.CreateDepartment("Audit Bureau");
        await api.Put($"/api/departments/{other.Id}", new { name = "Market Supervision Bureau" }, _admin, 409);
        Assert.Equal(1, await api.EventCount(other.Id));
    }

    [Fact]
    public async Task staff_need_a_known_department_and_known_staff_roles()
    {
        var unknownDepartment = await api.Post("/api/staff", new { name = "X", departmentId = Guid.NewGuid(), roles = new[] { "staff" } }, _admin, 400).Json();
        Assert.True(unknownDepartment.GetProperty("errors").TryGetProperty("departmentId", out _));
        foreach (var roles in new[] { new[] { "wizard" }, new[] { "contact" }, new[] { "Staff" }, Array.Empty<string>(), new[] { "staff", "staff" } })
        {
            var problem = await api.Post("/api/staff", new { name = "X", departmentId = api.Economic.Id, roles }, _admin, 400).Json();
            Assert.True(problem.GetProperty("errors").TryGetProperty("roles", out _), string.Join(",", roles));
        }
    }

    [Fact]
    public async Task a_staff_member_changes_department_and_roles_and_the_list_filters_by_both()
    {
        var s = await api.RegisterStaff("Hu Jun", api.Economic.Id, Roles.Staff);
        var moved = await api.Put($"/api/staff/{s.Id}", new { name = "Hu Jun", departmentId = api.Market.Id, roles = new[] { Roles.Staff, Roles.Dispatcher }, phone = "139" },
            _admin).Json<StaffMember>();
        Assert.Equal((api.Market.Id, 2), (moved.DepartmentId, moved.Version));

        var dispatchersInMarket = await api.Get($"/api/staff?departmentId={api.Market.Id}&role=dispatcher", _admin).Json<Paged<StaffMember>>();
        Assert.Equal([s.Id], dispatchersInMarket.Items.Select(x => x.Id));
        var economic = await api.Get($"/api/staff?departmentId={api.Economic.Id}", _admin).Json<Paged<StaffMember>>();
        Assert.DoesNotContain(s.Id, economic.Items.Select(x => x.Id));
        Assert.Contains(api.Dispatcher.Id, economic.Items.Select(x => x.Id));
    }

    [Fact]
    public async Task moving_staff_to_an_unknown_department_is_400_and_appends_nothing()
    {
        var s = await api.RegisterStaff("Yu Ting", api.Economic.Id, Roles.Staff);
        await api.Put($"/api/staff/{s.Id}", new { name = "Yu Ting", departmentId = Guid.NewGuid(), roles = new[] { "staff" } }, _admin, 400);
        Assert.Equal(1, await api.EventCount(s.Id));
    }
}
