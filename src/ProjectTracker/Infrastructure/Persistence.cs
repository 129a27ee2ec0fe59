using JasperFx;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Marten and Wolverine as every area uses them: one PostgreSQL database, durable local queues,
/// transactions around handlers. Each area adds what it stores in its own module (Program.cs).
/// </summary>
public static class Persistence
{
    /// <summary>
    /// The service's queries are short, but where the planner over-estimates rows (array overlaps,
    /// partial indexes over a long history) PostgreSQL JIT-compiled them (30-520 ms of compiling for
    /// reads of a few hundred rows) or started parallel workers (a task queue's 1.3 ms of work took
    /// 15-25 ms, 3 ms without), measured at 1,000,000 requests; and many such reads run at once, so
    /// a core is better spent on another reader than on a worker. Both off for the service's sessions,
    /// unless the connection string sets its own Options (behind PgBouncer, allow the startup
    /// parameter: ignore_startup_parameters = options, or set them on the role).
    /// </summary>
    public static string ForShortQueries(string connectionString)
    {
        var options = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(options.Options)) options.Options = "-c jit=off -c max_parallel_workers_per_gather=0";
        return options.ConnectionString;
    }

    /// <param name="applySchemaOnStartup">Development only: elsewhere `db-apply` makes the schema and the service checks it.</param>
    public static void AddPersistence(this WebApplicationBuilder builder, bool applySchemaOnStartup)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Marten is not set. Run deploy/run.sh, which starts a local PostgreSQL, or set ConnectionStrings__Marten.");

        builder.Services.AddSingleton(TimeProvider.System);
        var marten = builder.Services.AddMarten((StoreOptions o) =>
            {
                // No Npgsql auto-preparation (Max Auto Prepare): a statement PostgreSQL refused while it
                // was being prepared left its pooled connection out of step, and the next valid call
                // on it failed (npgsql/npgsql#6391; tests/.../Infrastructure/PooledConnectionTests.cs).
                o.Connection(ForShortQueries(connectionString));
                o.DatabaseSchemaName = "projecttracker";
                o.Events.DatabaseSchemaName = "projecttracker";
                o.Events.StreamIdentity = StreamIdentity.AsGuid;
                // Quick, with each event's timestamp sent by the client (below: the injected clock).
                o.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                // A command's answer is the aggregate its handler loaded with the new events applied
                // (UpdatedAggregate), not a second read. Safe because no handler mutates the
                // aggregate it loaded: only the Apply methods do.
                o.Events.UseIdentityMapForAggregates = true;
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = "wolverine");
        if (applySchemaOnStartup) marten.ApplyAllDatabaseChangesOnStartup();
        // Events are stamped by the injected clock, the one every decision reads, not by the database's:
        // a stream read as of an instant (asOf) is cut at the instant the events speak of.
        builder.Services.ConfigureMarten((IServiceProvider services, StoreOptions o) => o.Events.TimeProvider = services.GetRequiredService<TimeProvider>());
        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            // Scheduled local messages (timeouts, auto-closes) sit in durable queues:
            // they are rows in PostgreSQL, committed with the events, so a crash loses none.
            // (Deadlines that come in thousands are swept from indexed due times instead.)
            opts.Policies.UseDurableLocalQueues();
            // The default polls every 5 s and picks 100 due messages at a time.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(250);
            opts.Durability.RecoveryBatchSize = 1000;
            // Two departments resolving at once: the loser of the optimistic check retries on fresh state.
            opts.OnException<ConcurrencyException>().RetryTimes(3);
            opts.Discovery.IncludeAssembly(typeof(Persistence).Assembly);
        });
    }
}
