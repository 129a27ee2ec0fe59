using Wolverine;

namespace ProjectTracker.Deadlines;

public static class Schedule
{
    /// <summary>
    /// A deadline message due at <paramref name="due"/> on the injected clock. It is a durable
    /// envelope stored in the same transaction as the events that set it; a due time already
    /// past fires at once.
    /// </summary>
    public static DeliveryMessage<T> At<T>(T message, DateTimeOffset due) where T : notnull => message.ScheduledAt(due);
}
