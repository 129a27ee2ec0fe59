using Alba;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

/// <summary>
/// Who a token speaks for is the directory's to say: an active staff member or contact, with the
/// directory's roles (a token may name fewer). Every operation, every kind of caller:
/// <see cref="AccessMatrixTests"/>.
/// </summary>
public class IdentityTests(Zone zone) : IClassFixture<Zone>
{
    public static readonly TheoryData<string, string> NotAUser = new()
    {
        { "none", "This endpoint needs a bearer token." },
        { "no sub", "The token's subject is not a user id." },
        { "sub not a guid", "The token's subject is not a user id." },
        { "all-zero sub", "The token's subject is not a user id." },
        { "unknown user", "not an active user of the directory" },
        { "deactivated contact", "not an active user of the directory" },
        { "forged signature", "The bearer token is invalid or has expired." },
    };

    [Theory, MemberData(nameof(NotAUser))]
    public async Task a_token_that_speaks_for_no_active_user_is_401_problem_details_saying_why(string token, string why)
    {
        foreach (var url in new[] { "/api/enterprises", "/api/escalations", "/api/requests" })
        {
            var result = await zone.Get(url, await TokenAsync(token), 401);
            Assert.Equal("application/problem+json", result.Context.Response.ContentType);
            Assert.StartsWith("Bearer", result.Context.Response.Headers.WWWAuthenticate.ToString());
            Assert.Contains(why, (await result.ReadAsTextAsync()));
        }
    }

    [Fact]
    public async Task a_token_naming_a_role_the_directory_does_not_give_gains_nothing()
    {
        var own = await zone.FileAsync();
        var other = await zone.FileAsync(zone.OtherContactToken);

        // A contact naming dispatcher still sees only their enterprise's requests, and cannot dispatch.
        var asDispatcher = zone.TokenFor(zone.KeyContact, Roles.Contact, Roles.Dispatcher);
        var seen = await zone.GetAsync<Paged<RequestView>>("/api/requests?pageSize=200", asDispatcher);
        Assert.Contains(own.Id, seen.Items.Select(r => r.Id));
        Assert.DoesNotContain(other.Id, seen.Items.Select(r => r.Id));
        await zone.Post($"/api/requests/{own.Id}/dispatch",
            new { tasks = new[] { new { assigneeKind = "Department", assigneeId = zone.EconomicBureau, instructions = "x" } } }, asDispatcher, 403);
        // Naming only a role they do not hold leaves them none: nothing to see, nothing to do.
        Assert.Empty((await zone.GetAsync<Paged<RequestView>>("/api/requests", zone.TokenFor(zone.OtherContact, Roles.Supervisor))).Items);
        await zone.Get("/api/escalations", zone.TokenFor(zone.OtherContact, Roles.Supervisor), 403);
    }

    [Fact]
    public async Task a_token_naming_no_role_uses_the_directorys_and_one_naming_fewer_is_narrowed()
    {
        var filed = await zone.FileAsync(zone.OtherContactToken);
        var noRoleClaim = zone.TokenFor(zone.Desk);
        await zone.Get("/api/queues/dispatch", noRoleClaim);
        var task = (await zone.Post($"/api/requests/{filed.Id}/dispatch",
            new { tasks = new[] { new { assigneeKind = "Department", assigneeId = zone.MarketBureau, instructions = "x" } } }, noRoleClaim, 200)
            .Json<RequestView>()).Tasks[0];
        await zone.Post($"/api/requests/{filed.Id}/tasks/{task.Id}/accept", null, zone.TokenFor(zone.MarketStaff), 200);

        await zone.Get("/api/queues/dispatch", zone.TokenFor(zone.Desk, Roles.Staff), 403);
    }

    [Fact]
    public async Task a_deactivated_staff_member_is_refused_at_once_and_accepted_again_when_reactivated()
    {
        var staff = await RegisterStaffAsync("Deactivated dispatcher", Roles.Dispatcher);
        var token = zone.TokenFor(staff.Id, Roles.Dispatcher);
        await zone.Get("/api/queues/dispatch", token);

        await ChangeStaffAsync(staff.Id, [Roles.Dispatcher], active: false);
        var refused = await zone.Get("/api/queues/dispatch", token, 401);
        Assert.Contains("not an active user of the directory", await refused.ReadAsTextAsync());

        await ChangeStaffAsync(staff.Id, [Roles.Dispatcher], active: true);
        await zone.Get("/api/queues/dispatch", token);
    }

    [Fact]
    public async Task new_roles_and_task_force_membership_are_in_force_at_once()
    {
        var staff = await RegisterStaffAsync("Newly promoted", Roles.Staff);
        var token = zone.TokenFor(staff.Id);
        await zone.Get("/api/queues/dispatch", token, 403);
        await zone.Get($"/api/queues/tasks?assigneeId={zone.LandTaskForce}", token, 403);

        await ChangeStaffAsync(staff.Id, [Roles.Staff, Roles.Dispatcher], active: true);
        await zone.Get("/api/queues/dispatch", token);

        await zone.Put($"/api/task-forces/{zone.LandTaskForce}", new
        {
            name = "Land and plant task force", leadId = zone.TaskForceLead, memberIds = new[] { zone.TaskForceMember, staff.Id },
            departmentIds = new[] { zone.EconomicBureau, zone.MarketBureau },
        }, zone.AdminToken);
        await zone.Get($"/api/queues/tasks?assigneeId={zone.LandTaskForce}", token);
    }

    /// <summary>
    /// Another node keeps its own directory entries: a deactivation made there bites here within
    /// <see cref="Callers.KeptFor"/>, the bound the README states.
    /// </summary>
    [Fact]
    public async Task a_deactivation_on_another_node_bites_here_within_the_time_entries_are_kept()
    {
        var staff = await RegisterStaffAsync("Deactivated elsewhere", Roles.Supervisor);
        var token = zone.TokenFor(staff.Id);
        await zone.Get("/api/escalations", token);

        await using (var otherNode = await zone.StartHostAsync(zone.ConnectionString))
        {
            await otherNode.Scenario(s =>
            {
                s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
                s.Put.Json(new { name = staff.Name, departmentId = zone.EconomicBureau, roles = new[] { Roles.Supervisor }, active = false })
                    .ToUrl($"/api/staff/{staff.Id}");
                s.WithBearerToken(zone.AdminToken);
                s.StatusCodeShouldBeOk();
            });
            await otherNode.Scenario(s => { s.Get.Url("/api/escalations"); s.WithBearerToken(token); s.StatusCodeShouldBe(401); });
        }
        await zone.Get("/api/escalations", token);   // still kept on this node

        zone.Clock.Advance(Callers.KeptFor);
        await zone.Get("/api/escalations", token, 401);
    }

    private async Task<string> TokenAsync(string kind) => kind switch
    {
        "none" => null!,
        "no sub" => Api.TokenWithSubject(null, Roles.Admin),
        "sub not a guid" => Api.TokenWithSubject("admin", Roles.Admin),
        "all-zero sub" => Api.TokenWithSubject(Guid.Empty.ToString(), Roles.Contact),
        "unknown user" => zone.TokenFor(Guid.NewGuid(), Roles.Dispatcher),
        "deactivated contact" => await DeactivatedContactTokenAsync(),
        "forged signature" => zone.AdminToken[..^4] + "AAAA",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private async Task<string> DeactivatedContactTokenAsync()
    {
        var contact = await zone.Post($"/api/enterprises/{zone.OtherEnterprise}/contacts", new { name = "Former contact" }, zone.AdminToken)
            .Json<ProjectTracker.Directory.Contacts.Contact>();
        await zone.Put($"/api/contacts/{contact.Id}", new { name = "Former contact", active = false }, zone.AdminToken);
        return zone.TokenFor(contact.Id, Roles.Contact);
    }

    private Task<StaffMember> RegisterStaffAsync(string name, params string[] roles) =>
        zone.Post("/api/staff", new { name, departmentId = zone.MarketBureau, roles }, zone.AdminToken).Json<StaffMember>();

    private Task ChangeStaffAsync(Guid id, string[] roles, bool active) =>
        zone.Put($"/api/staff/{id}", new { name = "Staff member", departmentId = zone.MarketBureau, roles, active }, zone.AdminToken);
}
