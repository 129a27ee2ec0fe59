using ProjectTracker.Infrastructure;
namespace ProjectTracker.Projects;

// The key-project stream (重点项目). Every event says who acted and when (the injected clock's "now").
// Plans carry the due time the deadline policy gave them, so reads never recompute it.

public sealed record ProjectRegistered(Guid ProjectId, string Name, Guid LeadEnterpriseId, decimal InvestmentYuan, string Industry,
    Guid TaskForceId, string Location, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}

/// <summary>The first plan for a milestone: it stays the "original plan" that ahead/behind is measured against.</summary>
public sealed record MilestonePlanned(Milestone Milestone, DateOnly Date, int Revision, DateTimeOffset Due, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>A new date for a planned milestone; the original plan is kept, the old deadline becomes stale.</summary>
public sealed record MilestoneReplanned(Milestone Milestone, DateOnly Date, string Reason, int Revision, DateTimeOffset Due, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
/// <summary>OutOfOrderReason is set only when earlier milestones were not (yet) achieved, or achieved later.</summary>
public sealed record MilestoneAchieved(Milestone Milestone, DateOnly Date, string Evidence, string? OutOfOrderReason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record MilestoneDeadlinePassed(Milestone Milestone, int Revision, DateTimeOffset Due, Guid EscalationId, DateTimeOffset At) : IDomainEvent;

public sealed record ProjectSuspended(string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record ProjectResumed(string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
public sealed record ProjectCancelled(string Reason, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}
