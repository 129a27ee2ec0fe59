using ProjectTracker.Deadlines.Calendars;

namespace ProjectTracker.Projects.Approvals;

/// <summary>A chain that cannot fit: its procedures from the first to start to the one the construction start waits on.</summary>
public sealed record Shortfall(Guid[] Chain, int WorkingDays);

/// <summary>
/// Back-scheduling (倒排) on the zone's working calendar, pure. Every procedure must be done the
/// working day before the start, and before the first working day of each procedure that needs it:
/// a procedure taking n working days and due on day D occupies D and the n-1 working days before it.
/// </summary>
public static class BackSchedule
{
    // Ten years of days off in a row means a broken calendar, not a plan.
    private const int Guard = 3660;

    public static DateOnly PreviousWorkingDay(DateOnly day, WorkingCalendar calendar) => Step(day, -1, calendar);
    public static DateOnly NextWorkingDay(DateOnly day, WorkingCalendar calendar) => Step(day, +1, calendar);

    /// <summary>The working day <paramref name="n"/> working days before <paramref name="day"/>.</summary>
    public static DateOnly Back(DateOnly day, int n, WorkingCalendar calendar)
    {
        for (var i = 0; i < n; i++) day = PreviousWorkingDay(day, calendar);
        return day;
    }

    /// <summary>The latest working day a procedure can start and still make its due.</summary>
    public static DateOnly LatestStart(ProcedureItem item, WorkingCalendar calendar) => Back(item.Due, Math.Max(0, item.StandardWorkingDays - 1), calendar);

    /// <summary>Every procedure's due for construction starting on <paramref name="start"/>. The graph must be acyclic.</summary>
    public static Dictionary<Guid, DateOnly> Dues(IReadOnlyList<ProcedureItem> items, DateOnly start, WorkingCalendar calendar)
    {
        var dues = new Dictionary<Guid, DateOnly>();
        var beforeStart = PreviousWorkingDay(start, calendar);
        DateOnly Due(ProcedureItem item)
        {
            if (dues.TryGetValue(item.Id, out var known)) return known;
            var due = beforeStart;
            foreach (var next in items.Where(i => i.Prerequisites.Contains(item.Id)))
            {
                var mustStart = Back(Due(next), next.StandardWorkingDays, calendar);
                if (mustStart < due) due = mustStart;
            }
            return dues[item.Id] = due;
        }
        foreach (var item in items) Due(item);
        return dues;
    }

    /// <summary>
    /// The worst chain that cannot fit any more: a procedure not applied for yet whose latest start
    /// is before the first working day from <paramref name="today"/>, with the procedures it holds up
    /// (each the one whose start bound its due); null when all fit.
    /// </summary>
    public static Shortfall? Fit(IReadOnlyList<ProcedureItem> items, DateOnly today, WorkingCalendar calendar)
    {
        Shortfall? worst = null;
        foreach (var item in items)
        {
            var short_ = ShortBy(item, today, calendar);
            if (short_ > 0 && (worst is null || short_ > worst.WorkingDays)) worst = new Shortfall([.. ChainFrom(item, items, calendar)], short_);
        }
        return worst;
    }

    /// <summary>
    /// How many working days a procedure not applied for yet lacks: its latest start is that many
    /// working days before the first working day from <paramref name="today"/>; 0 when it fits or is under way.
    /// </summary>
    public static int ShortBy(ProcedureItem item, DateOnly today, WorkingCalendar calendar)
    {
        if (item.State != ProcedureState.NotApplied) return 0;
        var earliest = calendar.IsWorkingDay(today) ? today : NextWorkingDay(today, calendar);
        var short_ = 0;
        for (var d = LatestStart(item, calendar); d < earliest; d = d.AddDays(1)) if (calendar.IsWorkingDay(d)) short_++;
        return short_;
    }

    /// <summary>A prerequisite cycle the graph would have, as the procedures around it; null when there is none.</summary>
    public static Guid[]? Cycle(IReadOnlyDictionary<Guid, IReadOnlyCollection<Guid>> prerequisites)
    {
        var done = new HashSet<Guid>();
        var path = new List<Guid>();
        Guid[]? Visit(Guid id)
        {
            var at = path.IndexOf(id);
            if (at >= 0) return [.. path.Skip(at), id];
            if (!done.Add(id)) return null;
            path.Add(id);
            foreach (var p in prerequisites.GetValueOrDefault(id) ?? [])
                if (Visit(p) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        foreach (var id in prerequisites.Keys)
            if (Visit(id) is { } cycle) return cycle;
        return null;
    }

    private static IEnumerable<Guid> ChainFrom(ProcedureItem item, IReadOnlyList<ProcedureItem> items, WorkingCalendar calendar)
    {
        for (var current = item; current is not null;)
        {
            yield return current.Id;
            var at = current;
            current = items.Where(i => i.Prerequisites.Contains(at.Id))
                .FirstOrDefault(next => Back(next.Due, next.StandardWorkingDays, calendar) == at.Due);
        }
    }

    private static DateOnly Step(DateOnly day, int by, WorkingCalendar calendar)
    {
        for (var i = 0; i < Guard; i++)
        {
            day = day.AddDays(by);
            if (calendar.IsWorkingDay(day)) return day;
        }
        throw new InvalidOperationException($"No working day within {Guard} days of {day:yyyy-MM-dd}: the calendar is broken.");
    }
}
