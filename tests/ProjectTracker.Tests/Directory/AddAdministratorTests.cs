using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

/// <summary>An empty directory admits no one; `add-admin` registers its first administrator.</summary>
public class AddAdministratorTests(Api api) : IClassFixture<Api>
{
    private IDocumentStore Store => api.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task the_first_administrator_is_registered_from_the_command_line_once()
    {
        var first = Guid.NewGuid();
        var token = api.TokenFor(first, Roles.Admin);
        await api.Post("/api/departments", new { name = "Finance Bureau" }, token, 401);

        Assert.Null(await AddAdministrator.RunAsync(Store, first, "Zhou Min", "Management Committee Office", DateTimeOffset.UtcNow));
        await api.Post("/api/departments", new { name = "Finance Bureau" }, token, 201);
        var admin = await api.Get($"/api/staff/{first}", token).Json<StaffMember>();
        Assert.Equal(["admin"], admin.Roles);
        var office = await api.Get($"/api/departments/{admin.DepartmentId}", token).Json<Department>();
        Assert.Equal("Management Committee Office", office.Name);

        var events = await api.EventTotal();
        Assert.Null(await AddAdministrator.RunAsync(Store, first, "Zhou Min", "Management Committee Office", DateTimeOffset.UtcNow));
        Assert.Equal(events, await api.EventTotal());

        // A second administrator joins the department of the first, found by its name.
        var second = Guid.NewGuid();
        Assert.Null(await AddAdministrator.RunAsync(Store, second, "Xu Jing", "management committee office", DateTimeOffset.UtcNow));
        Assert.Equal(office.Id, (await api.Get($"/api/staff/{second}", token).Json<StaffMember>()).DepartmentId);
    }

    [Fact]
    public async Task it_refuses_an_id_already_in_the_directory_as_someone_else()
    {
        var staff = Guid.NewGuid();
        Assert.Null(await AddAdministrator.RunAsync(Store, staff, "Li Na", AddAdministrator.DefaultDepartment, DateTimeOffset.UtcNow));
        await api.Put($"/api/staff/{staff}", new { name = "Li Na", departmentId = (await DepartmentOf(staff)), roles = new[] { "dispatcher" } },
            api.TokenFor(staff));
        Assert.Contains("PUT /api/staff", await AddAdministrator.RunAsync(Store, staff, "Li Na", AddAdministrator.DefaultDepartment, DateTimeOffset.UtcNow));
        Assert.Contains("empty id", await AddAdministrator.RunAsync(Store, Guid.Empty, "X", AddAdministrator.DefaultDepartment, DateTimeOffset.UtcNow));
    }

    private async Task<Guid> DepartmentOf(Guid staff)
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<StaffMember>(staff))!.DepartmentId;
    }
}
