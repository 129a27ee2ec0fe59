using System.Text.Json;
using Alba;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Hosting;

/// <summary>A service whose users may make 3 requests at once, regaining 1 a second (its zone seeded without calls).</summary>
public class ApiWithTightLimits : Zone
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Burst"] = "3", ["RateLimits:PerSecond"] = "1",
    };
}

public class RateLimitTests(ApiWithTightLimits api) : IClassFixture<ApiWithTightLimits>
{
    [Fact]
    public async Task a_user_over_the_limit_gets_429_with_retry_after_and_others_are_unaffected()
    {
        var hasty = api.SupervisorToken;
        IScenarioResult? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var result = await api.Host.Scenario(s => { s.Get.Url("/api/departments"); s.WithBearerToken(hasty); s.IgnoreStatusCode(); });
            if (result.Context.Response.StatusCode == 429) refused = result;
        }
        Assert.NotNull(refused);
        Assert.True(int.Parse(refused.Context.Response.Headers.RetryAfter.ToString()) >= 1);
        var problem = JsonDocument.Parse(await refused.ReadAsTextAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());

        await api.Get("/api/departments", api.DeskToken);   // another user's bucket is full
        for (var i = 0; i < 5; i++) await api.Get("/health/ready", null);                     // health is never limited
    }
}
