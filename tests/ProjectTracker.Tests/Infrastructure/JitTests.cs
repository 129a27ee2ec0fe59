using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Infrastructure;

/// <summary>The service's sessions plan without JIT compiling (Persistence.WithoutJit), unless the operator's connection string says otherwise.</summary>
public class JitTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task the_services_sessions_run_without_jit()
    {
        await using var session = zone.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal("off", (await session.QueryAsync<string>("select current_setting('jit')")).Single());
    }

    [Fact]
    public void an_operators_own_options_are_kept()
    {
        Assert.Contains("Options=\"-c jit=on\"", Persistence.WithoutJit("Host=db;Options=-c jit=on").Replace("'", "\""));
        Assert.Contains("-c jit=off", Persistence.WithoutJit("Host=db;Database=zone"));
    }
}
