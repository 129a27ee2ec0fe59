namespace ProjectTracker.Infrastructure;

/// <summary>
/// What every event says besides its own facts: when it happened and who did it (null: the
/// system, e.g. a clock or a sweep). Timelines read these without knowing each event.
/// </summary>
public interface IDomainEvent
{
    DateTimeOffset At { get; }
    Guid? Actor => null;
}
