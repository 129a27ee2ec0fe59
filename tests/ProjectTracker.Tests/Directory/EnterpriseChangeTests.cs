using System.Text.Json;
using ProjectTracker.Access;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class EnterpriseChangeTests(DirectoryRegisteredThroughApi api) : IClassFixture<DirectoryRegisteredThroughApi>
{
    private readonly string _admin = api.AdminToken;

    [Fact]
    public async Task an_administrator_changes_the_details_and_the_read_shows_them_with_the_new_version()
    {
        var e = await api.RegisterEnterprise("Gamma Optics Co.");
        var changed = await api.Put($"/api/enterprises/{e.Id}",
            new { name = "  Gamma Optics Group  ", isKey = true, industry = "Optics", address = "88 Yuqing St" }, _admin).Json<Enterprise>();
        Assert.Equal(("Gamma Optics Group", true, "Optics", "88 Yuqing St", 2), (changed.Name, changed.IsKey, changed.Industry, changed.Address, changed.Version));

        var read = await api.Get($"/api/enterprises/{e.Id}", api.TokenFor(api.Supervisor.Id, Roles.Supervisor));
        Assert.Equal("\"2\"", read.Context.Response.Headers.ETag.ToString());
        Assert.Equal(e.CreditCode, (await read.ReadAsJsonAsync<Enterprise>())!.CreditCode);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_naming_the_current_version_and_appends_nothing()
    {
        var e = await api.RegisterEnterprise("Delta Pumps Co.");
        await api.Put($"/api/enterprises/{e.Id}", new { name = "Delta Pumps Co.", isKey = true }, _admin, 200, ifMatch: "\"1\"");
        Assert.Equal(2, await api.EventCount(e.Id));

        var conflict = await api.Put($"/api/enterprises/{e.Id}", new { name = "Delta Pumps Ltd.", isKey = false }, _admin, 412, ifMatch: "\"1\"").Json();
        Assert.Equal(2, conflict.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(2, await api.EventCount(e.Id));
        Assert.Equal("Delta Pumps Co.", (await api.Get($"/api/enterprises/{e.Id}", _admin).Json<Enterprise>()).Name);

        // The same conflict on the secretary, with a weak ETag as some proxies send it.
        await api.Put($"/api/enterprises/{e.Id}/secretary", new { secretaryId = api.Dispatcher.Id }, _admin, 412, ifMatch: "W/\"1\"");
        Assert.Equal(2, await api.EventCount(e.Id));
    }

    [Fact]
    public async Task repeating_a_change_appends_no_second_event()
    {
        var e = await api.RegisterEnterprise("Epsilon Textiles Co.");
        var body = new { name = "Epsilon Textiles Co.", isKey = true, industry = "Textiles" };
        await api.Put($"/api/enterprises/{e.Id}", body, _admin);
        await api.Put($"/api/enterprises/{e.Id}", body, _admin);
        Assert.Equal(2, await api.EventCount(e.Id));
    }

    [Fact]
    public async Task a_secretary_is_assigned_reassigned_and_removed_as_events()
    {
        var e = await api.RegisterEnterprise("Zeta Chemicals Co.", isKey: true);
        var second = await api.RegisterStaff("Sun Lei", api.Economic.Id, Roles.Dispatcher);

        var assigned = await api.Put($"/api/enterprises/{e.Id}/secretary", new { secretaryId = api.Dispatcher.Id }, _admin).Json<Enterprise>();
        Assert.Equal(api.Dispatcher.Id, assigned.SecretaryId);
        var reassigned = await api.Put($"/api/enterprises/{e.Id}/secretary", new { secretaryId = second.Id }, _admin).Json<Enterprise>();
        Assert.Equal(second.Id, reassigned.SecretaryId);
        var removed = await api.Put($"/api/enterprises/{e.Id}/secretary", new { secretaryId = (Guid?)null }, _admin).Json<Enterprise>();
        Assert.Null(removed.SecretaryId);
        Assert.Equal(4, await api.EventCount(e.Id));
    }

    [Fact]
    public async Task a_secretary_must_be_staff_with_the_dispatcher_role()
    {
        var e = await api.RegisterEnterprise("Eta Glass Co.");
        var notDispatcher = await api.Put($"/api/enterprises/{e.Id}/secretary", new { secretaryId = api.Worker.Id }, _admin, 400).Json();
        Assert.True(notDispatcher.GetProperty("errors").TryGetProperty("secretaryId", out _));
        await api.Put($"/api/enterprises/{e.Id}/secretary", new { secretaryId = Guid.NewGuid() }, _admin, 400);
        Assert.Equal(1, await api.EventCount(e.Id));
    }

    [Fact]
    public async Task the_list_pages_and_filters_by_name_key_and_industry()
    {
        for (var i = 1; i <= 5; i++) await api.RegisterEnterprise($"Weifang Paging Co. {i}", isKey: i % 2 == 0, industry: i <= 3 ? "Paper" : "Steel");

        var page = await api.Get("/api/enterprises?q=paging&page=2&pageSize=2", _admin).Json<Paged<Enterprise>>();
        Assert.Equal((5L, 2, 2), (page.Total, page.Page, page.PageSize));
        Assert.Equal(["Weifang Paging Co. 3", "Weifang Paging Co. 4"], page.Items.Select(x => x.Name));

        var keyPaper = await api.Get("/api/enterprises?q=PAGING&isKey=true&industry=paper", _admin).Json<Paged<Enterprise>>();
        Assert.Equal(["Weifang Paging Co. 2"], keyPaper.Items.Select(x => x.Name));

        var beyond = await api.Get("/api/enterprises?q=paging&page=2147483647&pageSize=200", _admin).Json<Paged<Enterprise>>();
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task registering_one_credit_code_concurrently_creates_one_enterprise_and_never_fails_with_500()
    {
        var code = DirectoryCalls.NextCreditCode();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var result = await api.Send("POST", "/api/enterprises", JsonSerializer.Serialize(new { name = $"Race Co. {i}", creditCode = code }),
                "application/json", _admin);
            return result.Context.Response.StatusCode;
        }));
        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.All(statuses, s => Assert.Contains(s, new[] { 201, 409 }));
    }
}
