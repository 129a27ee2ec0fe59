using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Infrastructure;

/// <summary>
/// The service's sessions plan without JIT compiling and without parallel workers (Persistence.ForShortQueries),
/// unless the operator's connection string says otherwise.
/// </summary>
public class ShortQueryTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public async Task the_services_sessions_run_without_jit_or_parallel_workers()
    {
        await using var session = zone.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal("off 0", (await session.QueryAsync<string>("select current_setting('jit') || ' ' || current_setting('max_parallel_workers_per_gather')")).Single());
    }

    [Fact]
    public void an_operators_own_options_are_kept()
    {
        Assert.Contains("Options=\"-c jit=on\"", Persistence.ForShortQueries("Host=db;Options=-c jit=on").Replace("'", "\""));
        Assert.Contains("-c jit=off -c max_parallel_workers_per_gather=0", Persistence.ForShortQueries("Host=db;Database=zone"));
    }
}
