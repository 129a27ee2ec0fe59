using System.Net;
using System.Text.Json;
using Alba;
using ProjectTracker.Projects.Reading;
using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Tests.Projects;

namespace ProjectTracker.Tests.Infrastructure;

/// <summary>
/// One concurrency contract for every command on an existing record: reads answer an ETag, the
/// command sends it back in If-Match (absent: 428; stale: 412 naming the current version), and of
/// several writers holding the same version exactly one wins.
/// </summary>
public class ConcurrencyContractTests(ProjectZone zone) : IClassFixture<ProjectZone>
{
    private string Everyone => zone.TokenFor(zone.EveryRole);

    /// <summary>Writes on a path with an id that create a record (nothing existing to overwrite).</summary>
    private static readonly HashSet<string> Creations = ["POST /api/enterprises/{id}/contacts", "POST /api/calendars/{year}"];

    [Fact]
    public async Task every_command_on_an_existing_record_documents_if_match_and_refuses_its_absence_with_428_appending_nothing()
    {
        var document = await zone.Get("/openapi/v1.json", token: null).Json();
        var commands = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "delete"))
        {
            var name = $"{op.Name.ToUpperInvariant()} {path.Name}";
            var documented = op.Value.TryGetProperty("parameters", out var ps)
                && ps.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header"
                    && p.GetProperty("required").GetBoolean());
            var onExisting = path.Name.Contains('{') && !Creations.Contains(name);
            Assert.True(documented == onExisting, $"{name}: If-Match {(documented ? "documented" : "not documented")} as required, but it "
                + (onExisting ? "changes an existing record" : "creates one"));
            if (!onExisting) continue;
            Assert.True(op.Value.GetProperty("responses").TryGetProperty("412", out _), $"{name} does not document 412");
            Assert.True(op.Value.GetProperty("responses").TryGetProperty("428", out _), $"{name} does not document 428");
            commands.Add(name);
        }
        Assert.True(commands.Count >= 30, $"Only {commands.Count} commands found: {string.Join(", ", commands)}");

        var before = await zone.EventTotal();
        var refused = new List<string>();
        foreach (var command in commands)
        {
            var (method, path) = (command.Split(' ')[0], command.Split(' ')[1]);
            var url = path.Replace("{year}", "2030").Replace("{date}", "2030-05-01").Replace("{milestone}", "Signed")
                .Replace("{category}", "Funding");
            url = System.Text.RegularExpressions.Regex.Replace(url, "{[A-Za-z]+}", _ => Guid.NewGuid().ToString());   // every id: any, 428 comes first
            var result = await zone.Send(method, url, "{}", "application/json", Everyone);
            if (result.Context.Response.StatusCode == 403) // the enterprise's own actions
                result = await zone.Send(method, url, "{}", "application/json", zone.KeyContactToken);
            var body = await result.ReadAsTextAsync();
            if (result.Context.Response.StatusCode != 428 || !body.Contains("\"If-Match\"") || result.Context.Response.ContentType != "application/problem+json")
                refused.Add($"{command}: {result.Context.Response.StatusCode} {body}");
        }
        Assert.True(refused.Count == 0, "Without If-Match these did not answer 428 naming If-Match:\n" + string.Join("\n", refused));
        Assert.Equal(before, await zone.EventTotal());
    }

    [Fact]
    public async Task a_command_sends_back_the_etag_of_a_read_and_a_stale_one_is_412_naming_the_current_version()
    {
        var filed = await zone.FileAsync();
        var read = await zone.Get($"/api/requests/{filed.Id}", zone.SecretaryToken);
        Assert.Equal("\"1\"", read.Context.Response.Headers.ETag.ToString());

        var dispatched = await Dispatch(filed.Id, zone.EconomicBureau, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)dispatched.Context.Response.StatusCode);
        Assert.Equal("\"2\"", dispatched.Context.Response.Headers.ETag.ToString());

        var stale = await Dispatch(filed.Id, zone.MarketBureau, "\"1\"");
        Assert.Equal(412, stale.Context.Response.StatusCode);
        var problem = JsonDocument.Parse(await stale.ReadAsTextAsync()).RootElement;
        Assert.Equal(2, problem.GetProperty("current").GetProperty("version").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _));
        Assert.Equal(2, await zone.EventCount(filed.Id));

        // A weak tag from a compressing proxy is the same version; * is "whatever there is".
        Assert.Equal(200, (await Dispatch(filed.Id, zone.MarketBureau, "W/\"2\"")).Context.Response.StatusCode);
        Assert.Equal(200, (await Dispatch(filed.Id, zone.LandTaskForce, "*", kind: "TaskForce")).Context.Response.StatusCode);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"one\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"-1\"")]
    public async Task a_malformed_if_match_is_400_naming_it(string ifMatch)
    {
        var filed = await zone.FileAsync();
        var result = await Dispatch(filed.Id, zone.EconomicBureau, ifMatch);
        Assert.Equal(400, result.Context.Response.StatusCode);
        Assert.True(JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.GetProperty("errors").TryGetProperty("If-Match", out _));
        Assert.Equal(1, await zone.EventCount(filed.Id));
    }

    /// <summary>The finding: four simultaneous dispatches without a version all succeeded. Now they must each hold one.</summary>
    [Fact]
    public async Task of_simultaneous_dispatches_holding_the_same_version_exactly_one_wins()
    {
        var mark = zone.Logs.Mark;
        for (var round = 0; round < 3; round++)
        {
            var filed = await zone.FileAsync();
            var results = await Task.WhenAll(
                Dispatch(filed.Id, zone.EconomicBureau, "\"1\""),
                Dispatch(filed.Id, zone.MarketBureau, "\"1\""),
                Dispatch(filed.Id, zone.LandTaskForce, "\"1\"", kind: "TaskForce"));
            var statuses = results.Select(r => r.Context.Response.StatusCode).Order().ToArray();
            Assert.Equal([200, 412, 412], statuses);
            Assert.Equal(2, await zone.EventCount(filed.Id));
        }
        // A lost race is the loser's 412, not the service's error.
        var errors = zone.Logs.Since(mark).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n---\n", errors.Select(e => $"{e.Category}: {e.Text[..Math.Min(600, e.Text.Length)]}")));
    }

    [Fact]
    public async Task projects_and_escalations_keep_the_same_contract()
    {
        var project = await zone.RegisterAsync();
        var read = await zone.Get($"/api/projects/{project.Id}", zone.LeadToken);
        var etag = read.Context.Response.Headers.ETag.ToString();
        var suspended = await zone.Post($"/api/projects/{project.Id}/suspend", new { reason = "Land dispute" }, zone.LeadToken, 200, etag);
        Assert.NotEqual(etag, suspended.Context.Response.Headers.ETag.ToString());
        await zone.Post($"/api/projects/{project.Id}/resume", new { reason = "Settled" }, zone.LeadToken, 412, etag);
        await zone.Post($"/api/projects/{project.Id}/resume", new { reason = "Settled" }, zone.LeadToken, 428, ifMatch: null);
        Assert.Equal("Suspended", (await zone.Get($"/api/projects/{project.Id}", zone.LeadToken).Json<ProjectDetails>()).Status.ToString());

        // An undispatched request past its dispatch clock raises an escalation.
        var filed = await zone.FileAsync();
        zone.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await zone.SweepAsync();
        var queue = await zone.Get($"/api/escalations?requestId={filed.Id}", zone.SupervisorToken).Json();
        var id = queue.GetProperty("items")[0].GetProperty("id").GetGuid();
        var escalation = await zone.Get($"/api/escalations/{id}", zone.SupervisorToken);
        var version = escalation.Context.Response.Headers.ETag.ToString();
        Assert.Matches("^\"[0-9]+\"$", version);
        var acknowledged = await zone.Post($"/api/escalations/{id}/acknowledge", null, zone.SupervisorToken, 200, version);
        Assert.NotEqual(version, acknowledged.Context.Response.Headers.ETag.ToString());
        await zone.Post($"/api/escalations/{id}/decision", new { decision = "NoFault", note = "Weekend filing." }, zone.SupervisorToken, 412, version);
        await zone.Post($"/api/escalations/{id}/decision", new { decision = "NoFault", note = "Weekend filing." }, zone.SupervisorToken, 200,
            acknowledged.Context.Response.Headers.ETag.ToString());
    }

    private Task<IScenarioResult> Dispatch(Guid requestId, Guid assignee, string ifMatch, string kind = "Department") =>
        zone.Send("POST", $"/api/requests/{requestId}/dispatch",
            JsonSerializer.Serialize(new { tasks = new[] { new { assigneeKind = kind, assigneeId = assignee, instructions = "Please handle." } } }),
            "application/json", zone.SecretaryToken, ifMatch);
}
