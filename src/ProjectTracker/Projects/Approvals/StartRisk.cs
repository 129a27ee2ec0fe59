using ProjectTracker.Deadlines;

namespace ProjectTracker.Projects.Approvals;

/// <summary>Overdue: open past its due day. CannotFit: not applied for, and its standard time no longer fits before its due.</summary>
public enum BlockingReason { Overdue, CannotFit }

/// <summary>A procedure holding up the planned construction start, and why (<see cref="WorkingDaysShort"/> for CannotFit).</summary>
public sealed record BlockingProcedure(Guid ItemId, string Kind, DateOnly Due, ProcedureState State, BlockingReason Reason, int WorkingDaysShort);

/// <summary>
/// Whether a project's planned construction start is at risk from its checklist, judged by the clock
/// and the calendar at read time (like "late" for milestones), so it needs no event to show.
/// </summary>
public static class StartRisk
{
    /// <summary>
    /// The procedures blocking the start, in checklist order; empty when it is not at risk, the start
    /// is achieved or unplanned, or the project is cancelled.
    /// </summary>
    public static BlockingProcedure[] Blocking(Project project, DateTimeOffset now, DeadlinePolicy policy)
    {
        var start = project.Of(Milestone.ConstructionStarted);
        if (project.Status == ProjectStatus.Cancelled || start.Achieved || start.Planned is null) return [];
        var today = policy.ZoneToday(now);
        var blocking = new List<BlockingProcedure>();
        foreach (var item in project.Checklist.Where(i => i.Open))
        {
            if (item.Due < today) blocking.Add(new(item.Id, item.Kind, item.Due, item.State, BlockingReason.Overdue, 0));
            else if (BackSchedule.ShortBy(item, today, policy.Calendar) is > 0 and var short_)
                blocking.Add(new(item.Id, item.Kind, item.Due, item.State, BlockingReason.CannotFit, short_));
        }
        return [.. blocking];
    }
}
