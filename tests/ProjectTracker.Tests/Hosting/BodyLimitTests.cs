using System.Text.Json;
using Alba;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Hosting;

/// <summary>Each endpoint's body limit: JSON commands 512 KB, the CSV imports their own.</summary>
public class BodyLimitTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task a_json_body_over_its_limit_is_a_413_problem_and_files_nothing()
    {
        var huge = new string('x', (int)BodyLimits.Json + 1);
        var result = await zone.Host.Scenario(s =>
        {
            s.Post.Text($$"""{"category":"Funding","title":"t","description":"{{huge}}"}""").ToUrl("/api/requests");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(413);
        });
        Assert.Equal(413, JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task an_import_takes_a_body_larger_than_a_json_command()
    {
        // Over the JSON limit, under the import's: refused for its content (400), not its size.
        var csv = "name,creditCode\n" + string.Concat(Enumerable.Repeat(new string('n', 1000) + ",bad\n", 600));
        await zone.Host.Scenario(s =>
        {
            s.Post.Text(csv).ToUrl("/api/enterprises/import");
            s.WithRequestHeader("Content-Type", "text/csv");
            s.WithBearerToken(zone.TokenFor(zone.Admin, Roles.Admin));
            s.StatusCodeShouldBe(400);
        });
    }
}
