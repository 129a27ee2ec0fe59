using System.Diagnostics.Metrics;
using Marten;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Requests;

namespace ProjectTracker.Deadlines;

/// <summary>
/// The gauge `projecttracker.requests.overdue_open`: open requests past a pending due, per clock.
/// Counted every 30 s by an index range count on each due column (a gauge's callback must not
/// wait on the database), and only while telemetry is on (Operations/Telemetry registers it).
/// </summary>
public sealed class OpenOverdue(IDocumentStore store, TimeProvider clock, ILogger<OpenOverdue> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    private static readonly Meter Meter = new(DeadlineMetrics.MeterName + ".Gauges");
    private static long _dispatch = -1, _resolution = -1;

    static OpenOverdue() => Meter.CreateObservableGauge("projecttracker.requests.overdue_open", Observe, "{request}",
        "Open requests past a pending due (tag clock: dispatch, resolution), counted every 30 s");

    private static IEnumerable<Measurement<long>> Observe()
    {
        if (Interlocked.Read(ref _dispatch) is >= 0 and var d) yield return new(d, new KeyValuePair<string, object?>("clock", "dispatch"));
        if (Interlocked.Read(ref _resolution) is >= 0 and var r) yield return new(r, new KeyValuePair<string, object?>("clock", "resolution"));
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await CountAsync(stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "Could not count the open overdue requests"); }
            await Task.Delay(Every, stop).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public async Task CountAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var table = store.Options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName;
        var now = clock.GetUtcNow();
        async Task<long> Past(string column) => (await session.QueryAsync<long>($"select count(*) from {table} where {column} <= ?", ct, now))[0];
        Interlocked.Exchange(ref _dispatch, await Past(Columns.PendingDispatchDue));
        Interlocked.Exchange(ref _resolution, await Past(Columns.PendingResolutionDue));
    }
}
