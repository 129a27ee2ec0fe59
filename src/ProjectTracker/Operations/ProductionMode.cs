using JasperFx;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Wolverine.Runtime;

namespace ProjectTracker.Operations;

/// <summary>
/// Outside Development (ASPNETCORE_ENVIRONMENT unset is Production) the service refuses unsafe
/// defaults before it builds anything: no database, no way to check tokens, the development key.
/// It never creates or alters the schema itself (JasperFx's Production profile: AutoCreate.None;
/// `db-apply` does that, deliberately), and before it serves it checks that the schema is this
/// version's. Each refusal is one log line and exit code 78 (EX_CONFIG: systemd's unit does not
/// restart on it). Development keeps creating the schema on start-up, as before.
/// </summary>
public static class ProductionMode
{
    /// <summary>sysexits' EX_CONFIG: a configuration error, not a crash (deploy/projecttracker.service: RestartPreventExitStatus).</summary>
    public const int ConfigurationError = 78;

    /// <summary>sysexits' EX_UNAVAILABLE: the database did not answer at start; systemd restarts the service.</summary>
    public const int DatabaseUnavailable = 69;

    /// <summary>The marker of appsettings.Development.json's key (and the tests' and benchmarks' keys are not 32 bytes of secret either).</summary>
    private const string DevelopmentKeyMarker = "DEVELOPMENT-ONLY";

    public static bool IsStrict(IHostEnvironment environment) => !environment.IsDevelopment();

    /// <summary>What is missing or unsafe in the settings; empty when the service may start.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Marten")))
            problems.Add("no database: set ConnectionStrings__Marten");
        var key = configuration["Auth:SigningKey"];
        var authority = configuration["Auth:Authority"];
        if (string.IsNullOrWhiteSpace(key) && string.IsNullOrWhiteSpace(authority))
            problems.Add("no way to check tokens: set Auth__Authority (an OpenID Connect provider) or Auth__SigningKey");
        else if (!string.IsNullOrWhiteSpace(key) && key.Contains(DevelopmentKeyMarker, StringComparison.OrdinalIgnoreCase))
            problems.Add("Auth__SigningKey is the development key: set a secret of your own (at least 32 bytes)");
        else if (!string.IsNullOrWhiteSpace(key) && System.Text.Encoding.UTF8.GetByteCount(key) < 32)
            problems.Add("Auth__SigningKey is shorter than 32 bytes (HMAC-SHA256 needs 256 bits)");
        return problems;
    }

    /// <summary>
    /// Called first thing in Program.cs: outside Development, logs one line naming every problem and
    /// answers the exit code; null when the service may go on.
    /// </summary>
    public static int? RefuseUnsafeSettings(WebApplicationBuilder builder)
    {
        if (!IsStrict(builder.Environment)) return null;
        var problems = Problems(builder.Configuration);
        if (problems.Count == 0) return null;
        Refuse(builder, $"Refusing to start in {builder.Environment.EnvironmentName}: {string.Join("; ", problems)} (README: Run in production).");
        return ConfigurationError;
    }

    /// <summary>
    /// Before serving (not before a command such as db-apply, which is how the schema gets there):
    /// outside Development every table and sequence of this version must exist. One catalog query
    /// for Marten's, Wolverine's own provisioning check for its envelope tables: a full comparison
    /// (`db-assert`, columns, indexes and functions too) took 0.6-2.5 s of start-up, so it belongs
    /// to the deployment (README, Run in production), not to every start of every node.
    /// </summary>
    public static async Task<int?> RefuseStaleSchemaAsync(WebApplication app, string[] args)
    {
        if (!IsStrict(app.Environment) || !Serving(args)) return null;
        var missing = new List<string>();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var names = store.Storage.AllObjects().Where(o => o is Table or Sequence).Select(o => o.Identifier.QualifiedName).ToArray();
        try
        {
            await using (var conn = new NpgsqlConnection(app.Configuration.GetConnectionString("Marten")))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("select n from unnest($1::text[]) n where to_regclass(n) is null order by n", conn);
                cmd.Parameters.Add(new NpgsqlParameter { Value = names });
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) missing.Add(reader.GetString(0));
            }
            try { await app.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin.AssertStorageProvisionedAsync(CancellationToken.None); }
            catch (Exception e) when (e is not NpgsqlException) { missing.Add("Wolverine's envelope tables"); }
        }
        catch (NpgsqlException e)
        {
            app.Logger.LogCritical("Cannot start: the database does not answer ({Reason}).", e.Message);
            await app.DisposeAsync();   // flushes the console logger's queue before the process ends
            return DatabaseUnavailable;
        }
        if (missing.Count == 0) return null;
        app.Logger.LogCritical("Refusing to start: the database lacks this version's schema ({Count} missing: {Missing}). Apply it first with db-apply " +
            "(db-patch <file> writes the SQL to review); see README, Run in production.", missing.Count, string.Join(", ", missing.Take(5)));
        await app.DisposeAsync();
        return ConfigurationError;
    }

    /// <summary>JasperFx's default command (no arguments, or only flags) and `run` serve; anything else is a command.</summary>
    public static bool Serving(string[] args) => args.Length == 0 || args[0].StartsWith('-') || args[0] == "run";

    /// <summary>One line through a logger set up as the service's would be, before the host exists.</summary>
    private static void Refuse(WebApplicationBuilder builder, string line)
    {
        using (var factory = LoggerFactory.Create(l =>
               {
                   l.AddConfiguration(builder.Configuration.GetSection("Logging"));
                   Logs.AddConsole(l, builder.Environment);
               }))
            factory.CreateLogger("ProjectTracker").LogCritical("{Refusal}", line);
    }
}
