using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>
/// Who a request counts for, and with what. Pure: the outcome and the zone's working calendar in,
/// the credits out.
/// <list type="bullet">
/// <item>The zone and the request's secretary are credited with the request's own clocks.</item>
/// <item>A department or task force is credited with what its tasks did, cycle by cycle: a task
/// resolved by the clock's due is on time for the unit that resolved it; a task unresolved when the
/// clock ran out is late for the unit that held it at that instant, wherever it was transferred
/// after. A task transferred away before the due counts for the unit it went to; one handed back in
/// time counts for no one; one dispatched after the due had passed is void (the lateness is the
/// zone's and the secretary's).</item>
/// <item>Over the cycles (one more per reopening) a unit is late if it was late in any, on time if
/// on time in all that ended and none is running.</item>
/// </list>
/// </summary>
public static class Credits
{
    /// <summary>The zone's own unit id (one zone per deployment today; keyed by zone like the calendars).</summary>
    public static readonly Guid ZoneId = StableId.From("scorecard-zone", ZoneCalendars.DefaultZone);

    private sealed record Judged(Verdict Verdict, DateTimeOffset? RunningDue, bool Paused);

    public static List<Credit> For(RequestOutcome o, WorkingCalendar calendar)
    {
        var dispatch = Judge(o.DispatchMetAt, o.WithdrawnAt, null, o.DispatchDue);
        var cycles = o.Cycles.Select((c, i) => Judge(c.MetAt, i == o.Cycles.Count - 1 ? o.WithdrawnAt : null, c.PausedAt, c.Due)).ToList();
        var first = o.Cycles[0];
        double? requestAnswer = first.MetAt is { } met ? Minutes(calendar, first, met) : null;
        var atRisk = o.IsOpen && ((o.DispatchAtRisk && o.DispatchMetAt is null) || (o.Current.AtRisk && o.Current.MetAt is null) || o.Tasks.Any(t => t.AtRisk && Active(o, t)));

        Credit Make(UnitKind kind, Guid id, IReadOnlyList<Judged> answers, bool answered, double? minutesToAnswer, bool unitAtRisk)
        {
            var answer = Combine(answers);
            return new Credit(kind, id, dispatch.Verdict, dispatch.RunningDue, answer.Verdict, answer.RunningDue, answer.Paused, answered,
                o.MinutesToDispatch, minutesToAnswer, o.PausedMinutes, o.Reopens > 0, o.Satisfaction, o.ClosedAfterAnswer,
                o.WithdrawnAt is not null, o.RejectedAt is not null, o.IsOpen, unitAtRisk);
        }

        var requestAnswered = o.Cycles.Any(c => c.MetAt is not null);
        var credits = new List<Credit> { Make(UnitKind.Zone, ZoneId, cycles, requestAnswered, requestAnswer, atRisk) };
        if (o.SecretaryId is { } secretary) credits.Add(Make(UnitKind.Secretary, secretary, cycles, requestAnswered, requestAnswer, atRisk));

        var byUnit = new Dictionary<(UnitKind, Guid), List<(Judged Judged, DateTimeOffset? Resolved, int Cycle)>>();
        for (var i = 0; i < o.Cycles.Count; i++)
        {
            var cycle = o.Cycles[i];
            var end = cycle.MetAt ?? (i == o.Cycles.Count - 1 ? o.WithdrawnAt : null);
            foreach (var task in o.Tasks.Where(t => (end is null || t.DispatchedAt <= end) && (t.LetGoAt is null || t.LetGoAt >= cycle.Start)))
            {
                if (JudgeTask(o, task, cycle, i == o.Cycles.Count - 1) is not { } judged) continue;
                var key = (judged.Holder.Kind, judged.Holder.UnitId);
                if (!byUnit.TryGetValue(key, out var list)) byUnit[key] = list = [];
                list.Add((judged.Judged, cycle.Resolved.TryGetValue(task.TaskId, out var r) ? r : null, i));
            }
        }
        foreach (var ((kind, id), judged) in byUnit)
        {
            var resolved = judged.Where(j => j.Resolved is not null && j.Judged.Verdict is Verdict.OnTime or Verdict.Late)
                .OrderBy(j => j.Cycle).ThenBy(j => j.Resolved).FirstOrDefault();
            double? minutes = resolved.Resolved is { } at ? Minutes(calendar, o.Cycles[resolved.Cycle], at) : null;
            var holdsNow = judged.Any(j => j.Judged.Verdict == Verdict.Pending);
            var unitAtRisk = holdsNow && o.IsOpen && ((o.Current.AtRisk && o.Current.MetAt is null)
                || o.Tasks.Any(t => t.AtRisk && Active(o, t) && t.Holdings[^1].UnitId == id));
            credits.Add(Make(kind, id, [.. judged.Select(j => j.Judged)], resolved.Resolved is not null, minutes, unitAtRisk));
        }
        return credits;
    }

    /// <summary>One task in one cycle: its verdict and the unit credited; null when it counts for no one (handed back in time).</summary>
    private static (Judged Judged, Holding Holder)? JudgeTask(RequestOutcome o, TaskTrack task, AnswerCycle cycle, bool current)
    {
        var due = cycle.Due;
        if (task.DispatchedAt > due) return (new Judged(Verdict.Void, null, false), task.Holdings[0]);
        if (cycle.Resolved.TryGetValue(task.TaskId, out var resolved))
            return resolved <= due ? (new Judged(Verdict.OnTime, null, false), task.HolderAt(resolved)) : (new Judged(Verdict.Late, null, false), task.HolderAt(due));
        if (task.LetGoAt is { } letGo && letGo >= cycle.Start)
            return letGo <= due ? null : (new Judged(Verdict.Late, null, false), task.HolderAt(due));
        var stopped = cycle.MetAt ?? (current ? o.WithdrawnAt : null);
        if (stopped is { } s)
            return s <= due ? (new Judged(Verdict.Void, null, false), task.HolderAt(s)) : (new Judged(Verdict.Late, null, false), task.HolderAt(due));
        if (cycle.PausedAt is { } paused)
            return paused <= due ? (new Judged(Verdict.Pending, null, true), task.HolderAt(paused)) : (new Judged(Verdict.Late, null, false), task.HolderAt(due));
        // Running: late the moment the due passes (judged in SQL against now), for whoever holds it then.
        return (new Judged(Verdict.Pending, due, false), task.HolderAt(due));
    }

    /// <summary>A clock met, stopped unmet (withdrawn), paused, or running.</summary>
    private static Judged Judge(DateTimeOffset? met, DateTimeOffset? stoppedUnmet, DateTimeOffset? paused, DateTimeOffset due) =>
        met is { } m ? new Judged(m <= due ? Verdict.OnTime : Verdict.Late, null, false)
        : stoppedUnmet is { } s ? new Judged(s <= due ? Verdict.Void : Verdict.Late, null, false)
        : paused is { } p ? p <= due ? new Judged(Verdict.Pending, null, true) : new Judged(Verdict.Late, null, false)
        : new Judged(Verdict.Pending, due, false);

    /// <summary>Late in any cycle: late. On time: on time in one at least, none late, none still running or paused.</summary>
    private static Judged Combine(IReadOnlyList<Judged> judged)
    {
        var running = judged.FirstOrDefault(j => j.RunningDue is not null)?.RunningDue;
        var paused = judged.Any(j => j.Paused);
        var verdict = judged.Any(j => j.Verdict == Verdict.Late) ? Verdict.Late
            : judged.Any(j => j.Verdict == Verdict.OnTime) ? Verdict.OnTime
            : judged.Any(j => j.Verdict == Verdict.Void) ? Verdict.Void
            : Verdict.Pending;
        return new Judged(verdict, running, paused);
    }

    private static bool Active(RequestOutcome o, TaskTrack t) => t.LetGoAt is null && !o.Current.Resolved.ContainsKey(t.TaskId);

    /// <summary>Working time from the cycle's start to <paramref name="end"/>, less the pauses ended by then.</summary>
    private static double Minutes(WorkingCalendar calendar, AnswerCycle cycle, DateTimeOffset end) =>
        Math.Max(0, calendar.Between(cycle.Start, end).TotalMinutes - cycle.Pauses.Where(p => p.To <= end).Sum(p => p.Minutes));
}
