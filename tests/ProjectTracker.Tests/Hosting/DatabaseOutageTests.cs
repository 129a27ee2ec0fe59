using System.Text.Json;
using Alba;
using Npgsql;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Hosting;

/// <summary>The service reaching PostgreSQL through a relay the test can take down, as a database restart would.</summary>
public class ZoneBehindRelay : Zone
{
    public TcpProxy Relay { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(await TestDatabase.CreateAsync());
        Relay = new TcpProxy(direct.Host!, direct.Port);
        Relay.Up();
        // No pooled connection outlives an outage unnoticed: Npgsql drops broken ones as it meets them.
        await InitializeOnAsync(new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = Relay.Port, Timeout = 3 }.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        Relay.Up();
        await base.DisposeAsync();
        await Relay.DisposeAsync();
    }
}

public class DatabaseOutageTests(ZoneBehindRelay zone) : IClassFixture<ZoneBehindRelay>
{
    [Fact]
    public async Task while_the_database_is_down_callers_get_503_with_retry_after_and_afterwards_the_service_carries_on()
    {
        var before = await zone.FileAsync();

        zone.Relay.Down();
        var down = await zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "Funding", title = "During the outage", description = "d" }).ToUrl("/api/requests");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(503);
        });
        Assert.Equal("5", down.Context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(503, JsonDocument.Parse(await down.ReadAsTextAsync()).RootElement.GetProperty("status").GetInt32());

        zone.Relay.Up();
        var after = await zone.FileAsync();                 // reconnected by itself
        var found = await zone.GetAsync<ProjectTracker.Infrastructure.Paged<ProjectTracker.Requests.Request>>("/api/requests?pageSize=200", zone.SupervisorToken);
        Assert.Equal(new[] { before.Id, after.Id }.Order(), found.Items.Select(r => r.Id).Order());   // nothing half-written by the failed call
    }
}
