using ProjectTracker.Deadlines;

namespace ProjectTracker.Projects.Reading;

/// <summary>
/// A milestone as a reader sees it. DaysAhead is measured against the original plan: positive
/// when achieved early, negative when achieved late or, unachieved, for each day past it. Late
/// means unachieved past the current plan's day, by the clock (not by the escalation event).
/// </summary>
public sealed record MilestoneView(Milestone Milestone, DateOnly? OriginalPlanned, DateOnly? Planned, IReadOnlyList<Replan> Replans,
    DateOnly? Actual, int? DaysAhead, bool Late, DateTimeOffset? Due, string? Evidence, string? OutOfOrderReason, Guid? RecordedBy,
    IReadOnlyList<Guid> EscalationIds);

public sealed record ProjectDetails(Guid Id, int Version, string Name, Guid LeadEnterpriseId, decimal InvestmentYuan, string Industry,
    Guid TaskForceId, string Location, DateTimeOffset RegisteredAt, ProjectStatus Status, string? StatusReason, ProjectStage Stage,
    bool Late, IReadOnlyList<MilestoneView> Milestones, Approvals.ChiefServiceOfficer? ChiefServiceOfficer)
{
    public static ProjectDetails Of(Project p, DateTimeOffset now, DeadlinePolicy policy)
    {
        var milestones = Views(p, now, policy);
        return new ProjectDetails(p.Id, p.Version, p.Name, p.LeadEnterpriseId, p.InvestmentYuan, p.Industry, p.TaskForceId, p.Location,
            p.RegisteredAt, p.Status, p.StatusReason, p.Stage, milestones.Any(m => m.Late), milestones,
            p.ChiefServiceOfficer);
    }

    public static IReadOnlyList<MilestoneView> Views(Project p, DateTimeOffset now, DeadlinePolicy policy)
    {
        var today = policy.ZoneToday(now);
        return p.Milestones.Select(m =>
        {
            var late = p.Status != ProjectStatus.Cancelled && !m.Achieved && m.Due <= now;
            int? ahead = m.OriginalPlanned is not { } original ? null
                : m.Actual is { } actual ? original.DayNumber - actual.DayNumber
                : today > original && p.Status != ProjectStatus.Cancelled ? original.DayNumber - today.DayNumber
                : null;
            return new MilestoneView(m.Milestone, m.OriginalPlanned, m.Planned, m.Replans, m.Actual, ahead, late, m.Due, m.Evidence,
                m.OutOfOrderReason, m.RecordedBy, m.EscalationIds);
        }).ToList();
    }
}
