using ProjectTracker.Infrastructure;

namespace ProjectTracker.Projects.Approvals;

// The approvals checklist (前期手续清单) lives on the project stream: its due dates hang on the
// planned construction start, which the project's milestones own. Dues are the zone's dates
// (the procedure must be done by the end of that day), computed once by the back-scheduler.

/// <summary>A procedure added with the catalogue's standard time as it stood then, and its first back-scheduled due.</summary>
public sealed record ProcedureAdded(Guid ItemId, string Kind, Guid DepartmentId, Guid[] Prerequisites, int StandardWorkingDays,
    DateOnly Due, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>An open procedure's due moved (the start was replanned, or what depends on it changed).</summary>
public sealed record ProcedureRescheduled(Guid ItemId, DateOnly From, DateOnly To, string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record ProcedurePrerequisitesChanged(Guid ItemId, Guid[] Prerequisites, string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record ProcedureApplied(Guid ItemId, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>容缺受理: accepted on the enterprise's written commitment to bring the pending documents by a date.</summary>
public sealed record ProcedureAcceptedPendingDocuments(Guid ItemId, string[] PendingDocuments, DateOnly PromisedBy, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record ProcedureApproved(Guid ItemId, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>Rejected: back to not applied, with the department's reason.</summary>
public sealed record ProcedureRejected(Guid ItemId, string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
