using System.Text.Json;
using Alba;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Hosting;

public class ServiceStartsTests(Api api) : IClassFixture<Api>
{
    [Fact]
    public async Task ready_answers_200_when_the_database_answers()
    {
        await api.Host.Scenario(s => { s.Get.Url("/health/ready"); s.StatusCodeShouldBeOk(); });
        await api.Host.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBeOk(); });
    }

    [Fact]
    public async Task ready_says_which_years_clocks_count_weekends_only_in()
    {
        // The fixture's fake time is in 2030, for which no calendar is shipped.
        var result = await api.Host.Scenario(s => { s.Get.Url("/health/ready"); s.StatusCodeShouldBeOk(); });
        using var doc = JsonDocument.Parse(await result.ReadAsTextAsync());
        Assert.Equal("Degraded", doc.RootElement.GetProperty("status").GetString());
        var calendars = doc.RootElement.GetProperty("checks").GetProperty("calendars");
        Assert.Contains("2030", calendars.GetProperty("description").GetString());
        Assert.Equal([2030], calendars.GetProperty("data").GetProperty("weekendsOnly").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Equal([2025, 2026], calendars.GetProperty("data").GetProperty("loaded").EnumerateArray().Select(y => y.GetInt32()));
    }

    [Fact]
    public async Task openapi_document_parses_and_describes_the_bearer_scheme()
    {
        var result = await api.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBeOk(); });
        using var doc = JsonDocument.Parse(await result.ReadAsTextAsync());
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString());
        Assert.Equal("bearer", doc.RootElement.GetProperty("components").GetProperty("securitySchemes")
            .GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Theory]
    [InlineData("/api/requests", "post")]
    [InlineData("/api/requests/{id}/dispatch", "post")]
    [InlineData("/api/requests/{id}/tasks/{taskId}/resolve", "post")]
    [InlineData("/api/requests/{id}/timeline", "get")]
    [InlineData("/api/queues/dispatch", "get")]
    [InlineData("/api/escalations", "get")]
    [InlineData("/api/escalations/{id}/decision", "post")]
    [InlineData("/api/projects", "post")]
    [InlineData("/api/projects/summary", "get")]
    public async Task openapi_lists_the_request_escalation_and_project_endpoints(string path, string method)
    {
        var result = await api.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBeOk(); });
        using var doc = JsonDocument.Parse(await result.ReadAsTextAsync());
        Assert.True(doc.RootElement.GetProperty("paths").GetProperty(path).TryGetProperty(method, out var operation));
        Assert.True(operation.GetProperty("responses").EnumerateObject().Any());
    }
}
