using ProjectTracker.Infrastructure;

namespace ProjectTracker.Deadlines.Sweeping;

public enum DeadlineKind { Dispatch, Resolution }

/// <summary>Every pending due time up to (Due, RequestId), in that order, has been swept.</summary>
public sealed record SweepCursor(DateTimeOffset Due, Guid RequestId)
{
    public static readonly SweepCursor Start = new(DateTimeOffset.MinValue, Guid.Empty);
}

/// <summary>One sweep of one kind of deadline: how far it got and the escalations it raised.</summary>
public sealed record DeadlinesSwept(DeadlineKind Kind, SweepCursor Through, Guid[] EscalationIds, DateTimeOffset At);

/// <summary>
/// The deadline clock's own stream. Its cursors make each due time escalate once: a sweep only
/// looks past them, and moves them in the same transaction as the escalations it raises.
/// </summary>
public sealed class DeadlineSweep
{
    /// <summary>Each lane's own stream; another number of lanes starts from fresh cursors.</summary>
    public static Guid StreamFor(int lane, int lanes) => StableId.From("deadline-sweep", lane, lanes);

    public Guid Id { get; set; }
    public int Version { get; set; }
    public SweepCursor Dispatch { get; set; } = SweepCursor.Start;
    public SweepCursor Resolution { get; set; } = SweepCursor.Start;

    public void Apply(DeadlinesSwept e)
    {
        if (e.Kind == DeadlineKind.Dispatch) Dispatch = e.Through;
        else Resolution = e.Through;
    }
}
