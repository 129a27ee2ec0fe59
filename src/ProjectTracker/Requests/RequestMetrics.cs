using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;

namespace ProjectTracker.Requests;

/// <summary>
/// Requests filed (by category) and clocks met (by clock, and whether in time), counted from each
/// commit's events and the request snapshots committed with them, so a retried filing that
/// appended nothing, or a command that failed, counts nothing. Breaches: Deadlines/DeadlineMetrics.
/// </summary>
public sealed class RequestMetrics : DocumentSessionListenerBase
{
    public const string MeterName = "ProjectTracker.Requests";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Filed = Meter.CreateCounter<long>("projecttracker.requests.filed", "{request}",
        "Requests filed (tag category)");
    public static readonly Counter<long> Met = Meter.CreateCounter<long>("projecttracker.clocks.met", "{clock}",
        "Clocks met: a request dispatched or answered (tags clock: dispatch, resolution; in_time: true or false)");

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        Dictionary<Guid, Request>? snapshots = null;
        foreach (var e in commit.GetEvents())
        {
            switch (e.Data)
            {
                case RequestFiled filed:
                    Filed.Add(1, new KeyValuePair<string, object?>("category", filed.Category.ToString()));
                    break;
                // A dispatch meets the dispatch clock only the first time; an answer the cycle's resolution clock.
                case TasksDispatched dispatched when Snapshot(e.StreamId) is { Dispatch.MetAt: { } met } r && met == dispatched.At:
                    CountMet("dispatch", met <= r.Dispatch.Due);
                    break;
                case RequestAnswered answered when Snapshot(e.StreamId) is { Resolution.MetAt: { } met } r && met == answered.At:
                    CountMet("resolution", met <= r.Resolution.Due);
                    break;
            }
        }
        return Task.CompletedTask;

        Request? Snapshot(Guid id)
        {
            snapshots ??= commit.Updated.Concat(commit.Inserted).OfType<Request>().ToDictionary(r => r.Id);
            return snapshots.GetValueOrDefault(id);
        }
    }

    private static void CountMet(string clock, bool inTime) =>
        Met.Add(1, new KeyValuePair<string, object?>("clock", clock), new KeyValuePair<string, object?>("in_time", inTime));
}
