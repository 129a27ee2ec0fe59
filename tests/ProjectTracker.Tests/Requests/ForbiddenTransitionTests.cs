using Alba;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests;

/// <summary>Given a closed (confirmed) request: every further step is a conflict and appends nothing.</summary>
public class ForbiddenTransitionTests(Zone zone) : IClassFixture<Zone>
{
    private async Task<(Guid Request, Guid Task)> ClosedRequest()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        await zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken);
        await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Json(new { satisfaction = 4 }).ToUrl($"/api/requests/{filed.Id}/confirm");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBeOk();
        });
        return (filed.Id, task.Id);
    }

    [Theory]
    [InlineData("confirm", "contact", """{"satisfaction":5}""")]
    [InlineData("reopen", "contact", """{"reason":"again"}""")]
    [InlineData("withdraw", "contact", """{"reason":"no longer"}""")]
    [InlineData("information", "contact", """{"text":"more"}""")]
    [InlineData("reject", "dispatcher", """{"reason":"out of scope"}""")]
    [InlineData("dispatch", "dispatcher", "TASKS")]
    [InlineData("tasks/{task}/accept", "staff", "")]
    [InlineData("tasks/{task}/progress", "staff", """{"note":"working"}""")]
    [InlineData("tasks/{task}/resolve", "staff", """{"reply":"again"}""")]
    [InlineData("tasks/{task}/hand-back", "staff", """{"reason":"not ours"}""")]
    public async Task a_closed_request_refuses_every_further_step(string action, string who, string body)
    {
        var (request, task) = await ClosedRequest();
        var before = await zone.EventCount(request);
        var token = who switch { "contact" => zone.KeyContactToken, "dispatcher" => zone.SecretaryToken, _ => zone.EconomicToken };
        if (body == "TASKS") body = $$"""{"tasks":[{"assigneeKind":"Department","assigneeId":"{{zone.MarketBureau}}","instructions":"x"}]}""";

        var result = await zone.Host.Scenario(s =>
        {
            s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
            s.Post.Text(body).ToUrl($"/api/requests/{request}/{action.Replace("{task}", task.ToString())}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(token);
            s.StatusCodeShouldBe(409);
        });

        Assert.Contains("\"status\":409", (await result.ReadAsTextAsync()).Replace(" ", ""));
        Assert.Equal(before, await zone.EventCount(request));
    }

    [Fact]
    public async Task accepting_a_task_twice_is_a_conflict()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        foreach (var expected in new[] { 200, 409 })
            await zone.Host.Scenario(s =>
            {
                s.WithRequestHeader("If-Match", ApiCalls.AnyVersion);
                s.Post.Url($"/api/requests/{filed.Id}/tasks/{task.Id}/accept");
                s.WithBearerToken(zone.EconomicToken);
                s.StatusCodeShouldBe(expected);
            });
    }
}
