using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Projects.Approvals;

/// <summary>What every checklist decision checks first, and the re-scheduling every graph or start change implies.</summary>
public static class ChecklistRules
{
    /// <summary>Dues hang on the planned construction start: without one there is nothing to back-schedule from.</summary>
    public static DateOnly PlannedStart(this Project project) =>
        project.Of(Milestone.ConstructionStarted).Planned
        ?? throw Refusal.Conflict($"Project {project.Name} has no planned construction start; plan the ConstructionStarted milestone first.");

    public static ProcedureItem Item(this Project project, Guid itemId) =>
        project.Procedure(itemId) ?? throw Refusal.NotFound("Procedure");

    /// <summary>
    /// The dues of <paramref name="items"/> (the checklist as it will be) for a start on
    /// <paramref name="start"/>: one event per open procedure whose due moves, with the reason.
    /// Approved procedures keep the due they were done against. <paramref name="skip"/> is a procedure
    /// being added, whose due its own event carries.
    /// </summary>
    public static List<ProcedureRescheduled> Rescheduled(IReadOnlyList<ProcedureItem> items, DateOnly start, WorkingCalendar calendar,
        string reason, Guid by, DateTimeOffset now, Guid? skip = null)
    {
        var dues = BackSchedule.Dues(items, start, calendar);
        return items.Where(i => i.Open && i.Id != skip && dues[i.Id] != i.Due)
            .Select(i => new ProcedureRescheduled(i.Id, i.Due, dues[i.Id], reason, by, now)).ToList();
    }

    /// <summary>The checklist with one procedure's prerequisites replaced (copies; the project is not touched).</summary>
    public static List<ProcedureItem> With(this IEnumerable<ProcedureItem> items, ProcedureItem changed) =>
        items.Where(i => i.Id != changed.Id).Append(changed).ToList();

    /// <summary>Prerequisites must name procedures of this checklist and must not close a loop.</summary>
    public static void EnsureSound(IReadOnlyList<ProcedureItem> items, Guid itemId, ApprovalsOptions catalogue)
    {
        var item = items.Single(i => i.Id == itemId);
        var unknown = item.Prerequisites.FindIndex(p => items.All(i => i.Id != p));
        if (unknown >= 0)
            throw Refusal.Invalid($"prerequisites[{unknown}]", $"prerequisites[{unknown}] names no procedure on this checklist.");
        var cycle = BackSchedule.Cycle(items.ToDictionary(i => i.Id, i => (IReadOnlyCollection<Guid>)i.Prerequisites));
        if (cycle is not null)
            throw Refusal.Invalid("prerequisites", "prerequisites would make a cycle: " +
                string.Join(" needs ", cycle.Select(id => Describe(items.Single(i => i.Id == id), catalogue))) + ".");
    }

    public static string Describe(ProcedureItem item, ApprovalsOptions catalogue) =>
        catalogue.Kinds.TryGetValue(item.Kind, out var k) ? $"{k.NameEn} ({k.NameZh}) {item.Id}" : $"{item.Kind} {item.Id}";
}
