using Alba;
using JasperFx;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Tests.Operations;
using Wolverine;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// Outside Development there is no demo sign-in. Without an OIDC provider configured the service
/// still starts and the sign-in page says what to set; with one, it offers the provider's sign-in.
/// </summary>
public class ConsoleSignInProductionTests
{
    private static Task<IAlbaHost> ProductionAsync(string db, params (string Key, string Value)[] settings)
    {
        JasperFxEnvironment.AutoStartHost = true;
        return AlbaHost.For<Program>(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Marten", db);
            b.UseSetting("Auth:SigningKey", ServiceProcess.ProductionKey);
            b.UseSetting("Deadlines:SweepLanes", "0");
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            b.ConfigureServices(s => s.DisableAllExternalWolverineTransports());
        });
    }

    [Fact]
    public async Task Production_offers_the_providers_sign_in_and_without_one_says_it_is_not_configured()
    {
        var db = await TestDatabase.CreateAsync();
        try
        {
            var (exit, output) = await ServiceProcess.RunAsync(ServiceProcess.Production(db), "db-apply");
            Assert.True(exit == 0, output);

            await using (var host = await ProductionAsync(db))
            {
                var page = await (await host.Scenario(s => { s.Get.Url("/console/sign-in"); s.StatusCodeShouldBeOk(); })).ReadAsTextAsync();
                Assert.Contains("id=\"not-configured\"", page);
                Assert.Contains("Console__Oidc__Authority", page);
                Assert.DoesNotContain("demo-users", page);
                Assert.DoesNotContain("sign-in-oidc", page);
                // No demo sign-in to post to: the post reaches no endpoint, so it is one more call without credentials.
                var post = await host.Scenario(s =>
                {
                    s.Post.FormData(new Dictionary<string, string> { ["userId"] = Guid.NewGuid().ToString() }).ToUrl("/console/sign-in");
                    s.StatusCodeShouldBe(401);
                });
                Assert.DoesNotContain(post.Context.Response.Headers.SetCookie, c => c!.StartsWith(ProjectTracker.Access.ConsoleSessions.CookieName));
                await host.Scenario(s => { s.Get.Url("/console/sign-in/oidc"); s.StatusCodeShouldBe(404); });
            }

            await using (var host = await ProductionAsync(db, ("Console:Oidc:Authority", "https://login.zone.example/realms/gov"),
                             ("Console:Oidc:ClientId", "projecttracker-console"), ("Console:Oidc:ClientSecret", "secret")))
            {
                var page = await (await host.Scenario(s => { s.Get.Url("/console/sign-in?returnUrl=%2Fconsole%2Ftasks"); s.StatusCodeShouldBeOk(); })).ReadAsTextAsync();
                Assert.Contains("href=\"/console/sign-in/oidc?returnUrl=%2Fconsole%2Ftasks\"", page);
                Assert.DoesNotContain("not-configured", page);
                Assert.DoesNotContain("demo-users", page);
            }
        }
        finally { await TestDatabase.DropAsync(db); }
    }
}
