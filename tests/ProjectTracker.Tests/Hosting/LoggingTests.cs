using Microsoft.Extensions.Logging;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Hosting;

/// <summary>Expected refusals are not errors, and an enterprise's text never reaches the log.</summary>
public class LoggingTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task a_command_refused_by_its_decision_is_logged_below_warning_without_the_enterprises_text()
    {
        const string secret = "Confidential expansion plan 7731";
        var mark = zone.Logs.Mark;
        await zone.Post("/api/requests", new { category = "Funding", title = secret, description = secret, projectId = Guid.NewGuid() }, zone.KeyContactToken, 400);
        var filed = await zone.FileAsync(title: secret);
        await zone.Post($"/api/requests/{filed.Id}/withdraw", new { reason = secret }, zone.KeyContactToken, 200);
        await zone.Post($"/api/requests/{filed.Id}/withdraw", new { reason = secret }, zone.KeyContactToken, 409);

        var logged = zone.Logs.Since(mark);
        // (The zone's fake year has no calendar: that warning is the only one expected.)
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Warning && !e.Text.StartsWith("No working calendar"));
        Assert.Contains(logged, e => e.Text == "FileRequest refused: 400 Invalid request");
        Assert.DoesNotContain(logged, e => e.Text.Contains(secret));
    }
}
