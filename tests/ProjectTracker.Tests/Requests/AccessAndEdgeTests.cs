using Alba;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests;

public class AccessAndEdgeTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task a_department_that_once_held_a_task_keeps_seeing_the_request_after_later_dispatches()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { assigneeKind = "Department", assigneeId = zone.MarketBureau, reason = "Market supervision matter." })
                .ToUrl($"/api/requests/{filed.Id}/tasks/{task.Id}/transfer");
            s.WithBearerToken(zone.EconomicToken);
            s.StatusCodeShouldBeOk();
        });
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { tasks = new[] { new { assigneeKind = "TaskForce", assigneeId = zone.LandTaskForce, instructions = "Land part." } } })
                .ToUrl($"/api/requests/{filed.Id}/dispatch");
            s.WithBearerToken(zone.SecretaryToken);
            s.StatusCodeShouldBeOk();
        });

        await zone.GetAsync<RequestDetails>($"/api/requests/{filed.Id}", zone.EconomicToken);
    }

    [Fact]
    public async Task only_a_contact_of_the_filing_enterprise_withdraws_whatever_other_roles_the_token_names()
    {
        var filed = await zone.FileAsync();
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { reason = "Not needed." }).ToUrl($"/api/requests/{filed.Id}/withdraw");
            // The directory gives the other contact no supervisor role: they do not see the request at all.
            s.WithBearerToken(zone.TokenFor(zone.OtherContact, Roles.Contact, Roles.Supervisor));
            s.StatusCodeShouldBe(404);
        });
        Assert.Equal(1, await zone.EventCount(filed.Id));
    }

    [Theory]
    [InlineData("/api/requests?page=2147483647&pageSize=200")]
    [InlineData("/api/escalations?page=2147483647&pageSize=200")]
    [InlineData("/api/projects?page=2147483647&pageSize=200")]
    public async Task a_page_far_past_the_end_is_empty_not_an_error(string url)
    {
        var page = await zone.GetAsync<Paged<object>>(url, zone.AdminToken);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task a_blank_routing_category_is_a_400()
    {
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Put.Json(new { departmentIds = Array.Empty<Guid>() }).ToUrl("/api/routing/%20");
            s.WithBearerToken(zone.AdminToken);
            s.StatusCodeShouldBe(400);
        });
    }
}
