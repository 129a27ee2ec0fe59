using Alba;
using ProjectTracker.Access;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class ContactTests(DirectoryRegisteredThroughApi api) : IClassFixture<DirectoryRegisteredThroughApi>
{
    private readonly string _admin = api.AdminToken;

    [Fact]
    public async Task a_contact_registered_with_their_login_id_reads_their_enterprise_until_deactivated_then_is_401()
    {
        var e = await api.RegisterEnterprise("Theta Valves Co.");
        var login = Guid.NewGuid();
        var created = await api.Post($"/api/enterprises/{e.Id}/contacts", new { name = "Liu Yang", phone = "0536-8888888", userId = login }, _admin);
        Assert.Equal($"/api/contacts/{login}", created.Context.Response.Headers.Location.ToString());

        var token = api.TokenFor(login, Roles.Contact);
        await api.Get($"/api/enterprises/{e.Id}", token);

        var off = await api.Put($"/api/contacts/{login}", new { name = "Liu Yang", phone = "0536-8888888", active = false }, _admin).Json<Contact>();
        Assert.False(off.Active);
        await api.Get($"/api/enterprises/{e.Id}", token, 401);
    }

    [Fact]
    public async Task a_contact_deactivated_right_after_filing_is_401_and_files_again_once_reactivated()
    {
        var e = await api.RegisterEnterprise("Iota Pumps Co.");
        var login = Guid.NewGuid();
        await api.Post($"/api/enterprises/{e.Id}/contacts", new { name = "Qin Lan", userId = login }, _admin);
        var token = api.TokenFor(login, Roles.Contact);
        var body = new { category = "Funding", title = "Bridging loan", description = "For the spring orders." };
        await api.Post("/api/requests", body, token, 201);   // the contact's directory entry is now kept for filing

        await api.Put($"/api/contacts/{login}", new { name = "Qin Lan", active = false }, _admin);
        await api.Post("/api/requests", body, token, 401);
        await api.Put($"/api/contacts/{login}", new { name = "Qin Lan", active = true }, _admin);
        await api.Post("/api/requests", body, token, 201);
    }

    [Fact]
    public async Task a_deactivation_on_another_node_reaches_filing_once_the_kept_entry_expires_on_the_injected_clock()
    {
        var e = await api.RegisterEnterprise("Kappa Gears Co.");
        var login = Guid.NewGuid();
        await api.Post($"/api/enterprises/{e.Id}/contacts", new { name = "Shi Hua", userId = login }, _admin);
        var token = api.TokenFor(login, Roles.Contact);
        var body = new { category = "Funding", title = "Bridging loan", description = "For the spring orders." };
        await api.Post("/api/requests", body, token, 201);

        await using (var other = await api.StartHostAsync(api.ConnectionString))   // a second node deactivates the contact
            await other.Put($"/api/contacts/{login}", new { name = "Shi Hua", active = false }, _admin);
        await api.Post("/api/requests", body, token, 201);                         // this node still keeps the entry...
        api.Clock.Advance(ProjectTracker.Requests.Filing.FilingDirectory.KeptFor);
        await api.Post("/api/requests", body, token, 401);                         // ...for KeptFor on its clock; then the token is refused
    }

    [Fact]
    public async Task a_login_id_already_in_use_is_409()
    {
        var problem = await api.Post($"/api/enterprises/{api.EnterpriseB.Id}/contacts", new { name = "Dup", userId = api.Worker.Id }, _admin, 409).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("userId", out _));
        Assert.Equal(1, await api.EventCount(api.Worker.Id));
    }

    [Fact]
    public async Task an_enterprise_lists_its_contacts_filtered_by_active()
    {
        var e = await api.RegisterEnterprise("Iota Seeds Co.");
        var first = await api.RegisterContact(e.Id, "Ma Li");
        await api.RegisterContact(e.Id, "Gao Wei");
        await api.Put($"/api/contacts/{first.Id}", new { name = "Ma Li", active = false }, _admin);

        var all = await api.Get($"/api/enterprises/{e.Id}/contacts", api.TokenFor(api.Dispatcher.Id, Roles.Dispatcher)).Json<Paged<Contact>>();
        Assert.Equal(["Gao Wei", "Ma Li"], all.Items.Select(c => c.Name));
        var active = await api.Get($"/api/enterprises/{e.Id}/contacts?active=true", _admin).Json<Paged<Contact>>();
        Assert.Equal(["Gao Wei"], active.Items.Select(c => c.Name));
    }

    [Fact]
    public async Task a_stale_change_is_412_and_appends_nothing()
    {
        var c = await api.RegisterContact(api.EnterpriseB.Id, "Xu Hui");
        await api.Put($"/api/contacts/{c.Id}", new { name = "Xu Hui", phone = "1", active = true }, _admin);
        await api.Put($"/api/contacts/{c.Id}", new { name = "Xu Hui", phone = "2", active = true }, _admin, 412, "\"1\"");
        Assert.Equal(2, await api.EventCount(c.Id));
    }
}
