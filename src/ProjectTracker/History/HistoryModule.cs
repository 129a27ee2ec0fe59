using Marten;

namespace ProjectTracker.History;

public static class HistoryModule
{
    /// <summary>
    /// The history behind asOf on the lists, kept by triggers: part of Marten's schema, so that
    /// `db-apply` (production) or the development start-up creates it before anything is written.
    /// </summary>
    public static void AddHistory(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(o => o.Storage.Add(new HistoryFeature(o)));
}
