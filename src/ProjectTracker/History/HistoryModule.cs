using Marten;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.History;

public static class HistoryModule
{
    /// <summary>
    /// The history behind the lists (today's and asOf), kept by triggers: part of Marten's schema,
    /// so that `db-apply` (production) or the development start-up creates it before anything is
    /// written; applied after the request and escalation tables its triggers sit on.
    /// </summary>
    public static void AddHistory(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(o => o.Storage.Add(new SqlTables(typeof(HistoryTables), o, [HistoryTables.Requests, HistoryTables.Escalations],
            HistoryTables.Indexes, HistoryTables.Sql, typeof(Requests.Request), typeof(Escalations.Escalation))));
}
