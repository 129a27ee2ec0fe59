using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Alba;
using JasperFx;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using Wolverine;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>
/// The real service (ASP.NET Core, Marten, Wolverine) on a database of its own, with a fake
/// clock the tests move by hand.
/// </summary>
public class Api : IAsyncLifetime
{
    public const string SigningKey = "TEST-ONLY-signing-key-0123456789-0123456789-abcdef";

    /// <summary>
    /// Fake time starts on a Monday morning in the zone (09:00 CST, 2030-03-04) in a year with no
    /// calendar loaded: clocks count weekends only, so "a day later" is the same whatever day the
    /// tests run. Calendar tests start where they need to (<see cref="Start"/>). Being in the future,
    /// scheduled messages never fall due on real time by themselves (the tests fire them).
    /// </summary>
    public static readonly DateTimeOffset MondayMorning = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Clock { get; }

    public Api() => Clock = new FakeTimeProvider(Start.ToUniversalTime());

    protected virtual DateTimeOffset Start => MondayMorning;
    public IAlbaHost Host { get; set; } = null!;
    public string ConnectionString { get; private set; } = null!;
    public LogCapture Logs { get; } = new();

    /// <summary>Extra settings for a fixture (e.g. short real deadlines).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The one kind of test that proves the real durable path runs on the system clock.</summary>
    protected virtual bool RealClock => false;

    public virtual async Task InitializeAsync() => await InitializeOnAsync(await TestDatabase.CreateAsync());

    /// <summary>The service on a database created for it (reached through <paramref name="connectionString"/>).</summary>
    protected async Task InitializeOnAsync(string connectionString)
    {
        ConnectionString = connectionString;
        Host = await StartHostAsync(ConnectionString);
        await SeedAsync();
    }

    /// <summary>A host on <paramref name="connectionString"/>; a second one on the same database may run on a clock of its own (a node that decided earlier).</summary>
    public async Task<IAlbaHost> StartHostAsync(string connectionString, TimeProvider? clock = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        return await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Marten", connectionString);
            b.UseSetting("Auth:SigningKey", SigningKey);
            // On the fake clock the tests sweep when they move it (Zone.SweepAsync); the host's own
            // sweeper, on real time, would race them, so the host runs none.
            if (!RealClock) b.UseSetting("Deadlines:SweepLanes", "0");
            // Scenarios call far faster than people; RateLimitTests runs with the limits of its own.
            b.UseSetting("RateLimits:Burst", "1000000");
            b.UseSetting("RateLimits:PerSecond", "1000000");
            foreach (var (k, v) in Settings) b.UseSetting(k, v);
            b.ConfigureServices(s =>
            {
                if (!RealClock) s.AddSingleton(clock ?? Clock);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
                s.DisableAllExternalWolverineTransports();
                ConfigureServices(s);
            });
        });
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Services a fixture adds to the host (e.g. an in-memory telemetry exporter).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>
    /// A token for <paramref name="userId"/>, naming <paramref name="roles"/> (none: the directory's
    /// roles apply). The service accepts it only for an active user of the directory.
    /// </summary>
    public string TokenFor(Guid userId, params string[] roles) =>
        // Token validation runs on the real clock, not the fake one the domain sees.
        Identity.MintDevelopmentToken(new AuthOptions { SigningKey = SigningKey }, userId, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>
    /// A well-signed token whatever its subject: none (null), not a Guid, the empty Guid. The
    /// tests of what the service refuses need the tokens a careless identity provider might send.
    /// </summary>
    public static string TokenWithSubject(string? subject, params string[] roles)
    {
        var claims = new List<Claim>();
        if (subject is not null) claims.Add(new Claim(JwtRegisteredClaimNames.Sub, subject));
        claims.AddRange(roles.Select(r => new Claim(Identity.RoleClaim, r)));
        var now = DateTime.UtcNow;
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(new AuthOptions().Issuer, new AuthOptions().Audience, claims, now,
            now.AddHours(1), new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256)));
    }

    /// <summary>The administrator of fixtures that seed a directory (<see cref="RegisterAdministratorAsync"/>).</summary>
    public Guid Admin { get; } = Guid.NewGuid();
    public string AdminToken => TokenFor(Admin, Roles.Admin);

    /// <summary>Registers <see cref="Admin"/> as `deploy/run.sh add-admin` would in an empty directory.</summary>
    protected async Task RegisterAdministratorAsync()
    {
        var refused = await AddAdministrator.RunAsync(Host.Services.GetRequiredService<Marten.IDocumentStore>(), Admin, "Zone administrator",
            AddAdministrator.DefaultDepartment, Clock.GetUtcNow());
        if (refused is not null) throw new InvalidOperationException(refused);
    }

    /// <summary>Waits (up to 10 s) until another session on this test's database matches <paramref name="condition"/> (on pg_stat_activity).</summary>
    public async Task WaitForBackendAsync(string condition)
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var look = new Npgsql.NpgsqlCommand(
            $"select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ({condition})", conn);
        for (var until = DateTime.UtcNow.AddSeconds(10); (long)(await look.ExecuteScalarAsync())! == 0; await Task.Delay(20))
            if (DateTime.UtcNow > until)
            {
                await using var all = new Npgsql.NpgsqlCommand("select string_agg(state || ': ' || left(query, 120), E'\n') from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()", conn);
                throw new TimeoutException($"No session came to: {condition}. Sessions:\n{await all.ExecuteScalarAsync()}");
            }
    }

    public Task WaitUntilABackendWaitsForALockAsync() => WaitForBackendAsync("wait_event_type = 'Lock'");

    public virtual async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (ConnectionString is not null) await TestDatabase.DropAsync(ConnectionString);
    }
}
