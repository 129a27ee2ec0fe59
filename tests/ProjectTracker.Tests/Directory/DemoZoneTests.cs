using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class DemoZoneTests(Api api) : IClassFixture<Api>
{
    [Fact]
    public async Task the_demo_zone_loads_once_however_often_it_is_seeded()
    {
        var store = api.Host.Services.GetRequiredService<IDocumentStore>();
        var users = await DemoZone.SeedAsync(store, api.Clock.GetUtcNow());
        var events = await api.EventTotal();
        var again = await DemoZone.SeedAsync(store, api.Clock.GetUtcNow());
        Assert.Equal(events, await api.EventTotal());
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
    public async Task dev_token_mints_a_token_the_service_accepts()
    {
        var output = new StringWriter();
        var ok = DevTokenCommand.Run(new AuthOptions { SigningKey = Api.SigningKey }, Guid.NewGuid().ToString(), [Roles.Supervisor], 12,
            api.Clock.GetUtcNow(), output, TextWriter.Null);
        Assert.True(ok);
        await api.Get("/api/departments", output.ToString().Trim());
    }

    [Theory]
    [InlineData(null, "6d1c1f2a-1b7e-4d55-9a59-0c8e2d6f3a10", "admin", "SigningKey")]
    [InlineData(Api.SigningKey, "not-a-guid", "admin", "--user")]
    [InlineData(Api.SigningKey, "6d1c1f2a-1b7e-4d55-9a59-0c8e2d6f3a10", "emperor", "--role")]
    public void dev_token_refuses_without_a_signing_key_or_with_bad_input(string? key, string user, string role, string why)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.False(DevTokenCommand.Run(new AuthOptions { SigningKey = key, Authority = "https://idp.example" }, user, [role], 12,
            DateTimeOffset.UtcNow, output, errors));
        Assert.Empty(output.ToString());
        Assert.Contains(why, errors.ToString());
    }
}
