using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace ProjectTracker.Deadlines;

/// <summary>
/// A deadline message (a milestone due, an auto-close, a verification, a recompute) that meets
/// PostgreSQL away must not end in the dead-letter table: it is its deadline. Retried at once a few
/// times, then scheduled again (durably) for up to ten minutes. Found by the several-nodes proof
/// (`deploy/nodes.sh --pg-outage`): without it, 5 of 60 milestone escalations were never raised.
/// </summary>
public static class DatabaseOutage
{
    public static void RetryThrough(HandlerChain chain) =>
        chain.OnException<Npgsql.NpgsqlException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2))
            .Then.ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
                TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
}
