using System.Text.Json;
using Alba;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests;

public class FilingTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task a_contact_files_a_request_with_both_clocks_running()
    {
        var request = await zone.FileAsync();

        Assert.Matches(@"^R-\d{4}-\d{6}$", request.Number);
        Assert.Equal(RequestStatus.Filed, request.Status);
        Assert.Equal(zone.KeyEnterprise, request.EnterpriseId);
        Assert.Equal(zone.Secretary, request.SecretaryId);
        Assert.Equal([zone.EconomicBureau], request.ProposedDepartmentIds);
        Assert.Equal(request.FiledAt.AddDays(1), request.Dispatch.Due);
        Assert.Equal(request.FiledAt.AddDays(3), request.Resolution.Due);
    }

    [Fact]
    public async Task an_ordinary_enterprise_request_goes_to_the_dispatch_desk()
    {
        var request = await zone.FileAsync(zone.OtherContactToken);
        Assert.Null(request.SecretaryId);
        var queue = await zone.GetAsync<ProjectTracker.Infrastructure.Paged<ProjectTracker.Requests.Reading.DispatchQueueItem>>("/api/queues/dispatch", zone.DeskToken);
        Assert.Contains(queue.Items, i => i.RequestId == request.Id);
    }

    private Task<IScenarioResult> FileWithKey(string key, string title, int status) => zone.Host.Scenario(s =>
    {
        s.Post.Json(new { category = "Talent", title, description = "d" }).ToUrl("/api/requests");
        s.WithRequestHeader("Idempotency-Key", key);
        s.WithBearerToken(zone.KeyContactToken);
        s.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task a_retried_filing_with_the_same_idempotency_key_returns_the_first_as_first_answered_and_appends_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = (await (await FileWithKey(key, "First", 201)).ReadAsJsonAsync<RequestView>())!;
        var retry = await FileWithKey(key, "First", 201);

        Assert.Equal($"/api/requests/{first.Id}", retry.Context.Response.Headers.Location.ToString());
        Assert.Equal(first.Number, (await retry.ReadAsJsonAsync<RequestView>())!.Number);
        Assert.Equal(1, await zone.EventCount(first.Id));
    }

    [Fact]
    public async Task an_idempotency_key_reused_for_another_request_is_a_422_naming_the_header()
    {
        var key = Guid.NewGuid().ToString();
        var first = (await (await FileWithKey(key, "First", 201)).ReadAsJsonAsync<RequestView>())!;
        var problem = JsonDocument.Parse(await (await FileWithKey(key, "Something else", 422)).ReadAsTextAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await zone.EventCount(first.Id));
    }

    [Fact]
    public async Task a_refused_filing_uses_no_request_number()
    {
        var before = await zone.FileAsync();
        var elsewhere = Guid.NewGuid();   // a project that is not the enterprise's: refused by the decision
        await zone.Post("/api/requests", new { category = "Funding", title = "t", description = "d", projectId = elsewhere }, zone.KeyContactToken, 400);
        var after = await zone.FileAsync();
        Assert.Equal(Sequence(before.Number) + 1, Sequence(after.Number));
    }

    private static long Sequence(string number) => long.Parse(number[(number.LastIndexOf('-') + 1)..]);

    [Theory]
    [InlineData("""{"category":"Funding","description":"d"}""", "title")]
    [InlineData("""{"category":"Lottery","title":"t","description":"d"}""", "category")]
    [InlineData("""{"category":"Funding","title":5,"description":"d"}""", "title")]
    [InlineData("""{"category":"Funding","title":"t"}""", "description")]
    [InlineData("null", "body")]
    [InlineData("{oops", "json")]
    public async Task bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        var result = await zone.Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl("/api/requests");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(400);
        });
        var text = await result.ReadAsTextAsync();
        Assert.Contains("\"status\":400", text.Replace(" ", ""));
        Assert.Contains(field, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_oversized_title_is_rejected()
    {
        var result = await zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "Funding", title = new string('x', 201), description = "d" }).ToUrl("/api/requests");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(400);
        });
        Assert.Contains("title", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task only_contacts_file_and_only_with_credentials()
    {
        await zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "Funding", title = "t", description = "d" }).ToUrl("/api/requests");
            s.StatusCodeShouldBe(401);
        });
        await zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "Funding", title = "t", description = "d" }).ToUrl("/api/requests");
            s.WithBearerToken(zone.EconomicToken);
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task another_enterprise_cannot_see_the_request()
    {
        var request = await zone.FileAsync();
        await zone.Host.Scenario(s => { s.Get.Url($"/api/requests/{request.Id}"); s.WithBearerToken(zone.OtherContactToken); s.StatusCodeShouldBe(404); });
        await zone.Host.Scenario(s => { s.Get.Url($"/api/requests/{request.Id}"); s.WithBearerToken(zone.MarketToken); s.StatusCodeShouldBe(404); });
        await zone.Host.Scenario(s => { s.Get.Url($"/api/requests/{Guid.NewGuid()}"); s.WithBearerToken(zone.SupervisorToken); s.StatusCodeShouldBe(404); });
        await zone.Host.Scenario(s => { s.Get.Url($"/api/requests/{request.Id}"); s.WithBearerToken(zone.KeyContactToken); s.StatusCodeShouldBeOk(); });
    }
}
