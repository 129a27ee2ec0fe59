using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectTracker.Access;
using Wolverine;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// The real service, production configuration (durable deadlines, fsync on), with a small
/// directory: one enterprise and one contact per client.
/// </summary>
public sealed class BenchHost : WebApplicationFactory<Program>
{
    public const string SigningKey = "BENCHMARK-ONLY-signing-key-0123456789-0123456789";
    private readonly string _connectionString;
    private readonly TimeProvider? _clock;
    private readonly bool _echo;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="echo">Adds the benchmark's own endpoint (<see cref="EchoEndpoint"/>) to the service's.</param>
    /// <param name="settings">Configuration on top of production's (short clocks for the mixed load).</param>
    public BenchHost(string connectionString, TimeProvider? clock = null, bool echo = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        _connectionString = connectionString;
        _clock = clock;
        _echo = echo;
        _settings = settings ?? new Dictionary<string, string>();
        JasperFxEnvironment.AutoStartHost = true;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var here = AppContext.BaseDirectory;
        builder.UseContentRoot(Path.Combine(here[..here.IndexOf("/tests/", StringComparison.Ordinal)], "src", "ProjectTracker"));
        builder.UseSetting("ConnectionStrings:Marten", _connectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Wolverine", "Warning");
        // Eight clients filing as fast as they can measure capacity, far above any one user's limit.
        builder.UseSetting("RateLimits:Burst", "1000000");
        builder.UseSetting("RateLimits:PerSecond", "1000000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_clock is not null) builder.ConfigureServices(s => s.AddSingleton(_clock));
        // Hosted in the benchmark's process, whose entry assembly is not the service's: handlers are
        // compiled in memory at start-up (Dynamic; nothing written to the source tree) rather than
        // loaded from the pre-generated types (Static). Start-up only: the handlers run the same.
        builder.ConfigureServices(s =>
        {
            s.CritterStackDefaults(o => o.Production.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Dynamic);
            s.ConfigureWolverine(o =>
            {
                if (_echo) o.Discovery.IncludeAssembly(typeof(BenchHost).Assembly);
                o.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Dynamic;
            });
        });
    }

    public Guid Enterprise { get; } = Guid.NewGuid();

    public async Task<Guid[]> SeedContactsAsync(int count)
    {
        var store = Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var now = DateTimeOffset.UtcNow;
        var admin = Guid.NewGuid();
        session.Events.StartStream<Enterprise>(Enterprise,
            new EnterpriseRegistered(Enterprise, "Benchmark Enterprise Co.", "91330100799655058B", false, null, null, null, admin, now));
        var contacts = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var c in contacts) session.Events.StartStream<Contact>(c, new ContactRegistered(c, Enterprise, "Bench contact", null, admin, now));
        await session.SaveChangesAsync();
        return contacts;
    }

    public static string TokenFor(Guid user) =>
        Identity.MintDevelopmentToken(new AuthOptions { SigningKey = SigningKey }, user, [Roles.Contact], DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
}
