namespace ProjectTracker.History;

public static class HistoryModule
{
    /// <summary>
    /// The history behind asOf on the lists, kept by triggers: installed after Marten's schema and
    /// before anything that writes requests or escalations starts (call before the deadline sweep).
    /// </summary>
    public static void AddHistory(this WebApplicationBuilder builder) => builder.Services.AddHostedService<HistoryTables.Install>();
}
