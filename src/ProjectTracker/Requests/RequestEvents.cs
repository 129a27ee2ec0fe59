using ProjectTracker.Infrastructure;
using ProjectTracker.Directory;

namespace ProjectTracker.Requests;

// The request stream (诉求). Every event says who acted and when (the injected clock's "now").

public sealed record RequestFiled(Guid RequestId, string Number, Guid EnterpriseId, Guid ContactId, Category Category,
    string Title, string Description, Guid? ProjectId, string[] Attachments, Guid? SecretaryId, Guid[] ProposedDepartmentIds,
    DateTimeOffset At, DateTimeOffset DispatchDue, DateTimeOffset ResolutionDue, DateTimeOffset? DispatchAtRisk = null, DateTimeOffset? ResolutionAtRisk = null,
    string? IdempotencyFingerprint = null) : IDomainEvent
{
    Guid? IDomainEvent.Actor => ContactId;
}

public sealed record InformationAdded(string Text, string[] Attachments, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}

/// <summary>分解推送: the request decomposed into tasks for departments or task forces.</summary>
public sealed record TasksDispatched(DispatchedTask[] Tasks, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record DispatchedTask(Guid TaskId, AssigneeKind AssigneeKind, Guid AssigneeId, string Instructions, DateTimeOffset Due,
    DateTimeOffset? AtRiskAt = null);

public sealed record TaskAccepted(Guid TaskId, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record TaskProgressNoted(Guid TaskId, string Note, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record TaskResolved(Guid TaskId, string Reply, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record TaskHandedBack(Guid TaskId, string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>分类移交: the task moves to another department or task force.</summary>
public sealed record TaskTransferred(Guid TaskId, AssigneeKind AssigneeKind, Guid AssigneeId, string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}

/// <summary>时限中止: the enterprise owes information; the resolution clock and the tasks' dues stop.</summary>
public sealed record ClockPaused(string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>
/// The clock runs again; every due moved later by the time paused (working time for working-day
/// clocks). By is null when the system resumed it (the request was answered while paused).
/// </summary>
public sealed record ClockResumed(DateTimeOffset PausedAt, TimeSpan Paused, DateTimeOffset ResolutionDue, TaskDue[] TaskDues, Guid? By,
    DateTimeOffset At, DateTimeOffset? ResolutionAtRisk = null) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record TaskDue(Guid TaskId, DateTimeOffset Due, DateTimeOffset? AtRiskAt = null);

/// <summary>
/// A clock's due time counted again from the request's own events (its start and its pauses)
/// because the calendar changed: the cause names the calendar stream, its version and the date.
/// </summary>
public sealed record ClockRecomputed(Deadlines.Sweeping.DeadlineKind Clock, DateTimeOffset PreviousDue, DateTimeOffset Due, CalendarCause Cause, DateTimeOffset At,
    DateTimeOffset? AtRiskAt = null, TaskDue[]? TaskDues = null) : IDomainEvent;

/// <summary>
/// The clock reached its at-risk share (default 75 %) unmet: a warning to whoever holds it, shown
/// first in their queue. Not an escalation: only a breach goes to supervision.
/// </summary>
public sealed record ClockAtRisk(Deadlines.Sweeping.DeadlineKind Clock, int Cycle, DateTimeOffset Due, DateTimeOffset At) : IDomainEvent;
/// <summary>A task reached its share of the way to its own due, unresolved.</summary>
public sealed record TaskAtRisk(Guid TaskId, DateTimeOffset Due, DateTimeOffset At) : IDomainEvent;
public sealed record CalendarCause(Guid CalendarId, int CalendarVersion, DateOnly Date, string Reason);

/// <summary>Every task resolved: the combined reply goes to the enterprise.</summary>
public sealed record RequestAnswered(string Reply, DateTimeOffset At) : IDomainEvent;
public sealed record AnswerConfirmed(int Satisfaction, string? Comment, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record RequestReopened(string Reason, int Cycle, DateTimeOffset ResolutionDue, Guid By, DateTimeOffset At, DateTimeOffset? ResolutionAtRisk = null) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record RequestAutoClosed(DateTimeOffset At) : IDomainEvent;
public sealed record RequestWithdrawn(string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>Out of scope: counts as answered.</summary>
public sealed record RequestRejected(string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
