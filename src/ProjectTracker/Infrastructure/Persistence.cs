using JasperFx;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace ProjectTracker.Infrastructure;

public static class Persistence
{
    /// <summary>Each slice adds its streams, snapshots and projections to Marten here.</summary>
    public static readonly List<Action<StoreOptions>> Registrations = [];

    public static void AddPersistence(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Marten is not set. Run deploy/run.sh, which starts a local PostgreSQL, or set ConnectionStrings__Marten.");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<Deadlines.DeadlineOptions>().Bind(builder.Configuration.GetSection("Deadlines"));
        var calendars = new Deadlines.Calendars.ZoneCalendars(
            builder.Configuration.GetSection("Deadlines").Get<Deadlines.DeadlineOptions>()?.ZoneUtcOffset ?? new Deadlines.DeadlineOptions().ZoneUtcOffset);
        builder.Services.AddSingleton(calendars);
        builder.Services.AddSingleton<Deadlines.DeadlinePolicy>();
        builder.Services.AddSingleton<Requests.Filing.RequestNumbers>();
        // Marten's listeners are created before the container: caches of directory entries subscribe to this one.
        var directoryChanges = new Directory.DirectoryChanges();
        builder.Services.AddSingleton(directoryChanges);
        builder.Services.AddSingleton<Requests.Filing.FilingDirectory>();

        builder.Services.AddMarten((StoreOptions o) =>
            {
                // No Npgsql auto-preparation (Max Auto Prepare): a statement PostgreSQL refused while it
                // was being prepared left its pooled connection out of step, and the next valid call
                // on it failed (npgsql/npgsql#6391; tests/.../Infrastructure/PooledConnectionTests.cs).
                o.Connection(connectionString);
                o.DatabaseSchemaName = "projecttracker";
                o.Events.DatabaseSchemaName = "projecttracker";
                o.Events.StreamIdentity = StreamIdentity.AsGuid;
                // Quick, with each event's timestamp sent by the client (below: the injected clock).
                o.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                // A command's answer is the aggregate its handler loaded with the new events applied
                // (UpdatedAggregate), not a second read. Safe because no handler mutates the
                // aggregate it loaded: only the Apply methods do.
                o.Events.UseIdentityMapForAggregates = true;
                o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                DomainModel.Configure(o);
                o.Listeners.Add(directoryChanges);
                o.Listeners.Add(new Deadlines.Calendars.ZoneCalendars.Reload(calendars));
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = "wolverine")
            .ApplyAllDatabaseChangesOnStartup();
        // Events are stamped by the injected clock, the one every decision reads, not by the database's:
        // a stream read as of an instant (asOf) is cut at the instant the events speak of.
        builder.Services.ConfigureMarten((IServiceProvider services, StoreOptions o) => o.Events.TimeProvider = services.GetRequiredService<TimeProvider>());
        // After Marten's schema: the calendars are loaded before the service takes requests.
        builder.Services.AddHostedService<Deadlines.Sweeping.EscalationsInBulk.SchemaCheck>();
        // The history behind asOf on the lists, kept by triggers: in place before anything is written.
        builder.Services.AddHostedService<History.HistoryTables.Install>();
        builder.Services.AddHostedService<Deadlines.Calendars.ZoneCalendars.Keeper>();
        builder.Services.AddHostedService<Deadlines.Sweeping.DeadlineSweeper>();

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            // Milestone deadlines and answer auto-close are scheduled local messages: durable queues
            // keep them as rows in PostgreSQL (committed with the events), so a crash loses none.
            // (Request deadlines, which come in thousands, are swept instead: Deadlines/Sweeping.)
            opts.Policies.UseDurableLocalQueues();
            // The default polls every 5 s and picks 100 due messages at a time (../shared/STACK.md).
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(250);
            opts.Durability.RecoveryBatchSize = 1000;
            // Two departments resolving at once: the loser of the optimistic check retries on fresh state.
            opts.OnException<ConcurrencyException>().RetryTimes(3);
            opts.Discovery.IncludeAssembly(typeof(Persistence).Assembly);
        });
    }
}
