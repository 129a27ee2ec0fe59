using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Escalations;

namespace ProjectTracker.Deadlines;

/// <summary>
/// The promise's figures (exported by Operations/Telemetry when telemetry is on): clocks breached
/// by kind and how late each escalation came after its due, the sweep's duration and batch size,
/// and the open requests past a due. Recorded after the commit that made them true, never before.
/// </summary>
public static class DeadlineMetrics
{
    public const string MeterName = "ProjectTracker.Deadlines";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Breached = Meter.CreateCounter<long>("projecttracker.clocks.breached", "{clock}",
        "Clocks that ran out: an escalation raised at their due (tag clock: dispatch, resolution, milestone)");
    public static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>("projecttracker.escalations.lateness", "s",
        "From a clock's due to its escalation's commit", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });
    public static readonly Histogram<double> SweepDuration = Meter.CreateHistogram<double>("projecttracker.sweep.duration", "s",
        "One deadline sweep that took something, from its start to its commit (with look-ahead, it waits for the due inside)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] });
    public static readonly Histogram<long> SweepBatch = Meter.CreateHistogram<long>("projecttracker.sweep.batch_size", "{deadline}",
        "Deadlines one sweep decided", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 100, 1000, 5000, 10000] });

    public static string Tag(DeadlineKind kind) => kind == DeadlineKind.Dispatch ? "dispatch" : "resolution";

    public static string Tag(EscalationKind kind) => kind switch
    {
        EscalationKind.DispatchOverdue => "dispatch",
        EscalationKind.ResolutionOverdue => "resolution",
        _ => "milestone",
    };

    public static void Raised(EscalationRaised e, DateTimeOffset committedAt)
    {
        var clock = new KeyValuePair<string, object?>("clock", Tag(e.Kind));
        Breached.Add(1, clock);
        Lateness.Record(Math.Max(0, (committedAt - e.DueAt).TotalSeconds), clock);
    }

    /// <summary>
    /// The sweep writes its escalations by COPY, past Marten's unit of work: it hands them here,
    /// and they are counted when its session commits.
    /// </summary>
    public static void CountAtCommit(IDocumentSession session, TimeProvider clock, long startedAt, int decided, IEnumerable<EscalationRaised> raised) =>
        session.Listeners.Add(new AtCommit(clock, startedAt, decided, raised.ToList()));

    private sealed class AtCommit(TimeProvider clock, long startedAt, int decided, List<EscalationRaised> raised) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            var now = clock.GetUtcNow();
            foreach (var e in raised) Raised(e, now);
            SweepDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
            SweepBatch.Record(decided);
            return Task.CompletedTask;
        }
    }

    /// <summary>Escalations raised through Marten's own appends (milestones): counted from the commit's events.</summary>
    public sealed class EscalationsCommitted(TimeProvider clock) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            DateTimeOffset? now = null;
            foreach (var e in commit.GetEvents())
                if (e.Data is EscalationRaised raised) Raised(raised, now ??= clock.GetUtcNow());
            return Task.CompletedTask;
        }
    }
}
