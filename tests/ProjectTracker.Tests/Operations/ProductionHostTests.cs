using Alba;
using JasperFx;
using JasperFx.CommandLine;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Tests.Fixtures;
using Wolverine;

namespace ProjectTracker.Tests.Operations;

/// <summary>
/// The service in Production inside another program's process, as the benchmarks host it
/// (WebApplicationFactory): the pre-generated handlers are found in the service's assembly, not the
/// host program's, and the schema is left as db-apply made it.
/// </summary>
public class ProductionHostTests
{
    [Fact]
    public async Task a_production_host_loads_the_pregenerated_handlers_and_changes_no_schema()
    {
        var db = await TestDatabase.CreateAsync();
        try
        {
            var (exit, output) = await ServiceProcess.RunAsync(ServiceProcess.Production(db), "db-apply");
            Assert.True(exit == 0, output);
            var applied = await Schema.DescribeAsync(db);

            JasperFxEnvironment.AutoStartHost = true;
            await using var host = await AlbaHost.For<Program>(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("ConnectionStrings:Marten", db);
                b.UseSetting("Auth:SigningKey", ServiceProcess.ProductionKey);
                b.UseSetting("Deadlines:SweepLanes", "0");
                b.ConfigureServices(s => s.DisableAllExternalWolverineTransports());
            });
            var wolverine = host.Services.GetRequiredService<WolverineOptions>();
            Assert.Equal(TypeLoadMode.Static, wolverine.CodeGeneration.TypeLoadMode);
            Assert.Equal(typeof(Program).Assembly, wolverine.ApplicationAssembly);
            Assert.Equal(AutoCreate.None, host.Services.GetRequiredService<Marten.StoreOptions>().AutoCreateSchemaObjects);
            await host.Get("/health/ready", null);
            await host.Get("/api/departments", null, 401);
            Assert.Equal(applied, await Schema.DescribeAsync(db));
        }
        finally { await TestDatabase.DropAsync(db); }
    }
}
