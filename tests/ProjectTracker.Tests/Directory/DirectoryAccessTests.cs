using Alba;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

/// <summary>
/// Every directory endpoint, every kind of caller: no token 401; a change by anyone but an
/// administrator 403; reads for every internal role; a contact sees only their own enterprise;
/// unknown ids 404 ProblemDetails.
/// </summary>
public class DirectoryAccessTests(DirectoryRegisteredThroughApi api) : IClassFixture<DirectoryRegisteredThroughApi>
{
    // {e} enterprise A, {c} its contact, {d} a department, {s} a staff member, {t} a task force.
    public static readonly TheoryData<string, string, string?> Changes = new()
    {
        { "POST", "/api/enterprises", """{"name":"X Co.","creditCode":"91110000802100433B"}""" },
        { "PUT", "/api/enterprises/{e}", """{"name":"X Co.","isKey":false}""" },
        { "PUT", "/api/enterprises/{e}/secretary", """{"secretaryId":null}""" },
        { "POST", "/api/enterprises/{e}/contacts", """{"name":"X"}""" },
        { "PUT", "/api/contacts/{c}", """{"name":"X","active":true}""" },
        { "POST", "/api/departments", """{"name":"X Bureau"}""" },
        { "PUT", "/api/departments/{d}", """{"name":"X Bureau"}""" },
        { "POST", "/api/staff", """{"name":"X","departmentId":"{d}","roles":["staff"]}""" },
        { "PUT", "/api/staff/{s}", """{"name":"X","departmentId":"{d}","roles":["staff"]}""" },
        { "POST", "/api/task-forces", """{"name":"X","kind":"Thematic","leadId":"{s}","memberIds":[],"departmentIds":[]}""" },
        { "PUT", "/api/task-forces/{t}", """{"name":"X","leadId":"{s}","memberIds":[],"departmentIds":[]}""" },
        { "PUT", "/api/routing/Funding", """{"departmentIds":["{d}"]}""" },
        { "POST", "/api/enterprises/import", null },
    };

    public static readonly TheoryData<string> Reads = new()
    {
        "/api/enterprises", "/api/enterprises/{e}", "/api/enterprises/{e}/contacts", "/api/contacts/{c}",
        "/api/departments", "/api/departments/{d}", "/api/staff", "/api/staff/{s}",
        "/api/task-forces", "/api/task-forces/{t}", "/api/routing",
    };

    private static readonly string[] NotAdmins = [Roles.Supervisor, Roles.Dispatcher, Roles.Staff, Roles.Lead, Roles.Contact];
    private static readonly string[] Internal = [Roles.Admin, Roles.Supervisor, Roles.Dispatcher, Roles.Staff, Roles.Lead];

    private string Fill(string template, Guid? anyId = null) => template
        .Replace("{e}", (anyId ?? api.EnterpriseA.Id).ToString())
        .Replace("{c}", (anyId ?? api.ContactA.Id).ToString())
        .Replace("{d}", (anyId ?? api.Economic.Id).ToString())
        .Replace("{s}", (anyId ?? api.Lead.Id).ToString())
        .Replace("{t}", (anyId ?? api.TaskForce.Id).ToString());

    /// <summary>A change with a JSON body, or (no body) the CSV import.</summary>
    private Task<IScenarioResult> Send(string method, string path, string? body, string? token, int status) =>
        (method, body) switch
        {
            (_, null) => api.Post(Fill(path), "name,creditCode\nX Co.,91110000802100433B", token, status, headers: [("Content-Type", "text/csv")]),
            ("POST", _) => api.Post(Fill(path), Fill(body), token, status),
            _ => api.Put(Fill(path), Fill(body), token, status),
        };

    [Theory, MemberData(nameof(Changes))]
    public async Task a_change_without_a_token_is_401(string method, string path, string? body) =>
        await Send(method, path, body, token: null, 401);

    [Theory, MemberData(nameof(Changes))]
    public async Task only_an_administrator_changes_the_directory(string method, string path, string? body)
    {
        var before = await api.EventTotal();
        foreach (var role in NotAdmins)
            await Send(method, path, body, api.TokenAs(role), 403);
        await Send(method, path, body, api.TokenFor(api.Dispatcher.Id), 403);  // naming no role: the directory's roles
        await Send(method, path, body, api.TokenFor(api.Dispatcher.Id, Roles.Admin), 403);  // a token cannot add a role
        Assert.Equal(before, await api.EventTotal());
    }

    [Theory, MemberData(nameof(Reads))]
    public async Task a_read_without_a_token_is_401(string path) => await api.Get(Fill(path), token: null, 401);

    [Theory, MemberData(nameof(Reads))]
    public async Task every_internal_role_reads_the_directory(string path)
    {
        foreach (var role in Internal) await api.Get(Fill(path), api.TokenAs(role));
    }

    [Theory, MemberData(nameof(Reads))]
    public async Task a_contact_reads_nothing_in_the_directory_but_their_own_enterprise(string path)
    {
        var own = path == "/api/enterprises/{e}";
        await api.Get(Fill(path), api.TokenFor(api.ContactA.Id, Roles.Contact), own ? 200 : 403);
        await api.Get(Fill(path), api.TokenFor(api.ContactA.Id, Roles.Supervisor), 403);  // a role the directory does not give
    }

    [Fact]
    public async Task another_enterprise_is_404_to_a_contact_so_they_cannot_probe_ids()
    {
        var contact = api.TokenFor(api.ContactA.Id, Roles.Contact);
        var own = await api.Get($"/api/enterprises/{api.EnterpriseA.Id}", contact).Json();
        Assert.Equal(api.EnterpriseA.Id, own.GetProperty("id").GetGuid());
        var other = await api.Get($"/api/enterprises/{api.EnterpriseB.Id}", contact, 404).Json();
        Assert.Equal(404, other.GetProperty("status").GetInt32());
        await api.Get($"/api/enterprises/{Guid.NewGuid()}", contact, 404);
        // Naming the role is not enough: the token's subject must be a registered, active contact.
        await api.Get($"/api/enterprises/{api.EnterpriseA.Id}", api.TokenFor(Guid.NewGuid(), Roles.Contact), 401);
    }

    [Theory]
    [InlineData("GET", "/api/enterprises/{e}", null)]
    [InlineData("GET", "/api/enterprises/{e}/contacts", null)]
    [InlineData("GET", "/api/contacts/{c}", null)]
    [InlineData("GET", "/api/departments/{d}", null)]
    [InlineData("GET", "/api/staff/{s}", null)]
    [InlineData("GET", "/api/task-forces/{t}", null)]
    [InlineData("PUT", "/api/enterprises/{e}", """{"name":"X Co.","isKey":false}""")]
    [InlineData("PUT", "/api/enterprises/{e}/secretary", """{"secretaryId":null}""")]
    [InlineData("POST", "/api/enterprises/{e}/contacts", """{"name":"X"}""")]
    [InlineData("PUT", "/api/contacts/{c}", """{"name":"X","active":true}""")]
    [InlineData("PUT", "/api/departments/{d}", """{"name":"X Bureau"}""")]
    [InlineData("PUT", "/api/staff/{s}", $$"""{"name":"X","departmentId":"DEPT","roles":["staff"]}""")]
    [InlineData("PUT", "/api/task-forces/{t}", """{"name":"X","leadId":"LEAD","memberIds":[],"departmentIds":[]}""")]
    public async Task an_unknown_id_is_404_problem_details(string method, string path, string? body)
    {
        var url = Fill(path, Guid.NewGuid());
        var payload = body?.Replace("DEPT", api.Economic.Id.ToString()).Replace("LEAD", api.Lead.Id.ToString());
        var before = await api.EventTotal();
        var result = await (method switch
        {
            "GET" => api.Get(url, api.AdminToken, 404),
            "POST" => api.Post(url, payload!, api.AdminToken, 404),
            _ => api.Put(url, payload!, api.AdminToken, 404),
        });
        Assert.Equal("application/problem+json", result.Context.Response.ContentType);
        Assert.Contains("was not found", await result.ReadAsTextAsync());
        Assert.Equal(before, await api.EventTotal());
    }

    [Theory]
    [InlineData("POST", "/api/enterprises", "null")]
    [InlineData("POST", "/api/enterprises", """{"name":"X","creditCode":"91110000802100433B","isKey":"sometimes"}""")]
    [InlineData("PUT", "/api/enterprises/{e}", """{"name":5,"isKey":false}""")]
    [InlineData("PUT", "/api/enterprises/{e}", """{"name":"X"}""")]
    [InlineData("PUT", "/api/enterprises/{e}/secretary", """{"secretaryId":"not-a-guid"}""")]
    [InlineData("POST", "/api/enterprises/{e}/contacts", "null")]
    [InlineData("PUT", "/api/contacts/{c}", """{"name":"X","active":"no"}""")]
    [InlineData("POST", "/api/departments", """{"name":""}""")]
    [InlineData("PUT", "/api/departments/{d}", "[]")]
    [InlineData("POST", "/api/staff", """{"name":"X","departmentId":"{d}","roles":"staff"}""")]
    [InlineData("POST", "/api/staff", """{"name":"X","departmentId":"{d}","roles":["staff",null]}""")]
    [InlineData("PUT", "/api/staff/{s}", """{"name":"X","departmentId":null,"roles":["staff"]}""")]
    [InlineData("POST", "/api/task-forces", """{"name":"X","kind":"Sometimes","leadId":"{s}"}""")]
    [InlineData("POST", "/api/task-forces", """{"name":"X","kind":7,"leadId":"{s}"}""")]
    [InlineData("PUT", "/api/task-forces/{t}", """{"name":"X","leadId":"{s}","memberIds":[null]}""")]
    [InlineData("PUT", "/api/routing/Funding", """{"departmentIds":"{d}"}""")]
    [InlineData("PUT", "/api/routing/Lottery", """{"departmentIds":[]}""")]
    [InlineData("PUT", "/api/routing/3", """{"departmentIds":[]}""")]
    public async Task a_malformed_body_is_400_problem_details_and_changes_nothing(string method, string path, string body)
    {
        var before = await api.EventTotal();
        var result = await Send(method, path, body, api.AdminToken, 400);
        Assert.Equal("application/problem+json", result.Context.Response.ContentType);
        Assert.Equal(before, await api.EventTotal());
    }

    [Theory]
    [InlineData("/api/enterprises?page=abc", "page")]
    [InlineData("/api/enterprises?isKey=maybe", "isKey")]
    [InlineData("/api/staff?role=wizard", "role")]
    [InlineData("/api/staff?departmentId=nope", "departmentId")]
    [InlineData("/api/task-forces?kind=Secret", "kind")]
    public async Task a_bad_filter_is_400_naming_it(string url, string field)
    {
        var problem = await api.Get(url, api.AdminToken, 400).Json();
        problem.ErrorsFor(field);
    }

    [Fact]
    public async Task every_text_field_is_bounded()
    {
        var longName = new string('x', Limits.Name + 1);
        var result = await api.Post("/api/departments", new { name = longName }, api.AdminToken, 400).Json();
        Assert.True(result.GetProperty("errors").TryGetProperty("name", out _));
        result = await api.Post("/api/staff", new { name = "X", departmentId = api.Economic.Id, roles = new[] { "staff" }, phone = new string('1', Limits.Phone + 1) },
            api.AdminToken, 400).Json();
        Assert.True(result.GetProperty("errors").TryGetProperty("phone", out _));
        await api.Get($"/api/enterprises?q={longName}", api.AdminToken, 400);
    }
}
