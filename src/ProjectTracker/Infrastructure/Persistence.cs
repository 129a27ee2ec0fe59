using JasperFx;
using JasperFx.Events;
using Marten;
using ProjectTracker.Requests.Overdue;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace ProjectTracker.Infrastructure;

public static class Persistence
{
    /// <summary>Each slice adds its streams, snapshots and projections to Marten here.</summary>
    public static readonly List<Action<StoreOptions>> Registrations = [];

    /// <summary>
    /// The same few statements run for every command (append, snapshot upsert, envelope insert):
    /// letting Npgsql prepare them saves PostgreSQL parsing and planning each one every time.
    /// An explicit setting in the connection string wins.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) b.MaxAutoPrepare = 100;
        return b.ConnectionString;
    }

    public static void AddPersistence(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Marten is not set. Run deploy/run.sh, which starts a local PostgreSQL, or set ConnectionStrings__Marten.");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<Deadlines.DeadlineOptions>().Bind(builder.Configuration.GetSection("Deadlines"));
        builder.Services.AddSingleton<Deadlines.DeadlinePolicy>();
        builder.Services.AddSingleton<Requests.Filing.RequestNumbers>();

        builder.Services.AddMarten((StoreOptions o) =>
            {
                o.Connection(WithPreparedStatements(connectionString));
                o.DatabaseSchemaName = "projecttracker";
                o.Events.DatabaseSchemaName = "projecttracker";
                o.Events.StreamIdentity = StreamIdentity.AsGuid;
                o.Events.AppendMode = EventAppendMode.Quick;
                o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                DomainModel.Configure(o);
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = "wolverine")
            .ApplyAllDatabaseChangesOnStartup();

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            // Deadlines are scheduled local messages: durable queues keep them as rows in
            // PostgreSQL (committed with the events), so a crash or restart loses none.
            opts.Policies.UseDurableLocalQueues();
            // Defaults poll every 5 s and pick 100 due messages at a time: far too slow when
            // thousands of deadlines fall due together (../shared/STACK.md).
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(250);
            opts.Durability.RecoveryBatchSize = 5000;
            // Thousands of deadlines can fall due together: handle them a thousand per transaction,
            // one batch at a time (concurrent batches on two cores were slower than serial ones).
            opts.LocalQueue("deadlines").Sequential();
            opts.BatchMessagesOf<DispatchDeadline>(b => { b.BatchSize = 1000; b.TriggerTime = TimeSpan.FromMilliseconds(50); b.LocalExecutionQueueName = "deadlines"; b.ProbeIndividuallyAfter(3); });
            opts.BatchMessagesOf<ResolutionDeadline>(b => { b.BatchSize = 1000; b.TriggerTime = TimeSpan.FromMilliseconds(50); b.LocalExecutionQueueName = "deadlines"; b.ProbeIndividuallyAfter(3); });
            // A batch that keeps failing is retried member by member, so one bad deadline cannot
            // hold back (or dead-letter) the thousand due with it.
            // Two departments resolving at once: the loser of the optimistic check retries on fresh state.
            opts.OnException<ConcurrencyException>().RetryTimes(3);
            opts.Discovery.IncludeAssembly(typeof(Persistence).Assembly);
        });
    }
}
