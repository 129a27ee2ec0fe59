using System.Collections.Concurrent;
using System.Reflection;
using JasperFx.Events;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Sweeping;

namespace ProjectTracker.Requests.Explaining;

public enum ClockName { Dispatch, Resolution, Task }
public enum ClockStepKind { Started, Paused, Resumed, AtRisk, Recomputed, Transferred, Met, Breached, Withdrawn, Closed, HandedBack, Superseded }
public enum ClockOutcome { Running, Paused, Met, Breached, Withdrawn, Closed, HandedBack }

/// <summary>The request event a step comes from: its stream version, its global sequence and its type.</summary>
public sealed record EventRef(long Version, long Sequence, string Event);

/// <summary>
/// One step of a clock: what happened, when, from which event, and the due time after it. Where
/// the due was computed, <see cref="Recomputed"/> is what the rule and the calendar in force then
/// give today; <see cref="Matches"/> says whether it equals the due stored.
/// </summary>
public sealed record ClockStep(ClockStepKind Step, DateTimeOffset At, EventRef Event, DateTimeOffset Due)
{
    public DateTimeOffset? Recomputed { get; init; }
    public bool? Matches => Recomputed is { } r ? r == Due : null;
    public DateTimeOffset? PreviousDue { get; init; }
    /// <summary>The clock rule in force (length and unit, as configured).</summary>
    public string? Rule { get; init; }
    /// <summary>The calendar-year streams' versions the computation counted on (from the clock's start to its due).</summary>
    public IReadOnlyList<CalendarVersion>? Calendar { get; init; }
    /// <summary>The working time a pause took out of the clock, as recorded.</summary>
    public TimeSpan? PausedFor { get; init; }
    /// <summary>How the due was reached, in words.</summary>
    public string? Basis { get; init; }
}

/// <summary>
/// A clock of the request: dispatch, resolution (one per cycle) or a task's due. How it ended is
/// judged like the request's own read: a clock stops when met, paused or closed; past its due
/// unmet, it is breached. Used, left and overrun are working time on the calendar as of the read.
/// </summary>
public sealed record ExplainedClock(ClockName Clock, int Cycle, Guid? TaskId, DateTimeOffset StartedAt, DateTimeOffset Due, ClockOutcome Outcome,
    DateTimeOffset? MetAt, DateTimeOffset? BreachedAt, TimeSpan Used, TimeSpan Left, TimeSpan Overrun, IReadOnlyList<ClockStep> Steps);

public sealed record ClockMismatch(ClockName Clock, int Cycle, Guid? TaskId, EventRef Event, DateTimeOffset Stored, DateTimeOffset Recomputed);

/// <summary>Every clock of a request explained as of <see cref="At"/>; <see cref="Consistent"/> when every recomputed due equals the stored one.</summary>
public sealed record ClocksExplained(Guid RequestId, long Version, DateTimeOffset At, bool Consistent, IReadOnlyList<ClockMismatch> Mismatches,
    IReadOnlyList<ExplainedClock> Clocks);

/// <summary>
/// Pure: a request's events, the zone's calendar history and the clock rules in, every clock
/// explained out. Each due is recomputed step by step from the state before the event (the
/// request folded with its own Apply methods, as the handler saw it) and the calendar committed
/// before the event, with the same rule code the handlers use (<see cref="ClockRule"/>).
/// </summary>
public static class ClockExplanation
{
    public static ClocksExplained Explain(Guid requestId, IReadOnlyList<IEvent> events, CalendarHistory calendars, DeadlineOptions rules, DateTimeOffset at)
    {
        var walk = new Walk(rules);
        foreach (var e in events) walk.Take(e, calendars.Before(e.Sequence));
        var clocks = walk.Tracks.Select(t => t.Explain(calendars.Latest.Calendar, at)).ToList();
        var mismatches = clocks.SelectMany(c => c.Steps.Where(s => s.Matches == false)
            .Select(s => new ClockMismatch(c.Clock, c.Cycle, c.TaskId, s.Event, s.Due, s.Recomputed!.Value))).ToList();
        return new ClocksExplained(requestId, events.Count == 0 ? 0 : events[^1].Version, at, mismatches.Count == 0, mismatches, clocks);
    }

    private sealed class Walk(DeadlineOptions rules)
    {
        private Request? _state;
        private Track? _dispatch;
        private readonly Dictionary<Guid, Track> _tasks = [];
        public List<Track> Tracks { get; } = [];
        private Track Resolution => Tracks.Last(t => t.Clock == ClockName.Resolution);

        public void Take(IEvent e, CalendarInForce cal)
        {
            var ev = new EventRef(e.Version, e.Sequence, e.Data.GetType().Name);
            var s = _state;
            switch (e.Data)
            {
                case RequestFiled f:
                    _dispatch = Start(ClockName.Dispatch, 0, null, rules.Dispatch, f.At, f.DispatchDue, ev, cal,
                        rules.Dispatch.DueFrom(f.At, cal.Calendar).At, $"{rules.Dispatch} from the filing", rules.Dispatch.ToString());
                    Start(ClockName.Resolution, 0, null, rules.Resolution, f.At, f.ResolutionDue, ev, cal,
                        rules.Resolution.DueFrom(f.At, cal.Calendar).At, $"{rules.Resolution} from the filing", rules.Resolution.ToString());
                    break;
                case RequestReopened r when s is not null:
                    var reopened = Start(ClockName.Resolution, r.Cycle, null, rules.Resolution, r.At, r.ResolutionDue, ev, cal,
                        rules.Resolution.DueFrom(r.At, cal.Calendar).At, $"{rules.Resolution} from the reopening", rules.Resolution.ToString());
                    foreach (var t in s.Tasks.Where(t => t.State == TaskState.Resolved))
                        _tasks[t.Id] = Start(ClockName.Task, r.Cycle, t.Id, rules.Resolution, r.At, r.ResolutionDue, ev, cal,
                            reopened.Steps[0].Recomputed, "reopened with the request: due with its new resolution clock", rules.Resolution.ToString());
                    break;
                case TasksDispatched d when s is not null:
                    if (_dispatch?.Running == true) _dispatch.Meet(d.At, ev, "dispatched");
                    foreach (var t in s.Tasks.Where(t => t.State == TaskState.HandedBack)) _tasks[t.Id].Note(ClockStepKind.Superseded, d.At, ev, "dispatched again");
                    var overdue = s.Resolution.Due <= d.At;
                    var late = rules.Dispatch.DueFrom(d.At, cal.Calendar).At;
                    foreach (var t in d.Tasks)
                    {
                        (DateTimeOffset? recomputed, string basis, string? rule) = !overdue && t.Due == s.Resolution.Due
                            ? ((DateTimeOffset?)s.Resolution.Due, "due with the request's resolution clock", rules.Resolution.ToString())
                            : overdue && t.Due == late
                                ? ((DateTimeOffset?)late, $"the request was past due: {rules.Dispatch} from the dispatch", rules.Dispatch.ToString())
                                : (null, "set by the dispatcher", (string?)null);
                        var track = _tasks[t.TaskId] = Start(ClockName.Task, s.Cycle, t.TaskId, rules.Resolution, d.At, t.Due, ev, cal, recomputed, basis, rule);
                        if (s.Resolution.PausedAt is not null) track.PausedAt = d.At;
                    }
                    break;
                case TaskResolved r: Task(r.TaskId)?.Meet(r.At, ev, "resolved"); break;
                case TaskHandedBack h: Task(h.TaskId)?.End(ClockOutcome.HandedBack, ClockStepKind.HandedBack, h.At, ev); break;
                case TaskTransferred x: Task(x.TaskId)?.Note(ClockStepKind.Transferred, x.At, ev, $"to {x.AssigneeKind} {x.AssigneeId}; the due stays"); break;
                case ClockPaused p when s is not null:
                    foreach (var track in Running(s).Where(t => t.Clock != ClockName.Dispatch))
                    {
                        track.PausedAt = p.At;
                        track.Note(ClockStepKind.Paused, p.At, ev, "waiting for the enterprise");
                    }
                    break;
                case ClockResumed r when s is not null:
                    Resume(Resolution, s.Resolution.Due, r.ResolutionDue, r, ev, cal);
                    foreach (var d in r.TaskDues)
                        if (Task(d.TaskId) is { } track && s.Task(d.TaskId) is { } task) Resume(track, task.Due, d.Due, r, ev, cal);
                    break;
                case ClockRecomputed rc when s is not null:
                    Recompute(rc, s, ev, cal);
                    break;
                case ClockAtRisk a:
                    (a.Clock == DeadlineKind.Dispatch ? _dispatch : Resolution)?.Note(ClockStepKind.AtRisk, a.At, ev, $"{rules.AtRiskShare:P0} of the clock used");
                    break;
                case TaskAtRisk a: Task(a.TaskId)?.Note(ClockStepKind.AtRisk, a.At, ev, $"{rules.AtRiskShare:P0} of the way to its due"); break;
                case RequestAnswered a: Resolution.Meet(a.At, ev, "answered"); break;
                case RequestRejected j when s is not null:
                    foreach (var track in Running(s))
                        if (track.Clock == ClockName.Task) track.End(ClockOutcome.Closed, ClockStepKind.Closed, j.At, ev);
                        else track.Meet(j.At, ev, "rejected as out of scope: counts as answered");
                    break;
                case RequestWithdrawn w when s is not null:
                    foreach (var track in Running(s)) track.End(ClockOutcome.Withdrawn, ClockStepKind.Withdrawn, w.At, ev);
                    break;
            }
            _state = Fold(_state, e.Data);
        }

        private Track? Task(Guid id) => _tasks.GetValueOrDefault(id);

        /// <summary>The clocks still running (or paused) on the request as it stood before the event.</summary>
        private IEnumerable<Track> Running(Request s) =>
            new[] { _dispatch, Resolution }.Concat(s.Tasks.Where(t => t.IsActive).Select(t => Task(t.Id))).OfType<Track>().Where(t => t.Running).Distinct();

        private Track Start(ClockName clock, int cycle, Guid? taskId, ClockRule rule, DateTimeOffset at, DateTimeOffset due, EventRef ev,
            CalendarInForce cal, DateTimeOffset? recomputed, string basis, string? ruleShown)
        {
            var track = new Track(clock, cycle, taskId, rule, at) { Due = due, DueSetBy = ev };
            track.Steps.Add(new ClockStep(ClockStepKind.Started, at, ev, due)
            {
                Recomputed = recomputed, Rule = ruleShown, Calendar = cal.Spanning(at, due), Basis = basis,
            });
            Tracks.Add(track);
            return track;
        }

        /// <summary>As ResumeClockHandler.Resumption: the due later by the working time paused.</summary>
        private void Resume(Track track, DateTimeOffset previous, DateTimeOffset stored, ClockResumed r, EventRef ev, CalendarInForce cal)
        {
            track.Steps.Add(new ClockStep(ClockStepKind.Resumed, r.At, ev, stored)
            {
                Recomputed = rules.Resolution.Shift(previous, r.PausedAt, r.At, cal.Calendar).At, PreviousDue = previous, PausedFor = r.Paused,
                Calendar = cal.Spanning(r.PausedAt, stored), Basis = "later by the working time paused",
            });
            track.Pauses.Add((track.PausedAt ?? r.PausedAt, r.At));
            track.PausedAt = null;
            track.Due = stored;
            track.DueSetBy = ev;
        }

        /// <summary>As RecomputeClocksHandler.Decide: counted again from the start, then every pause that ended, on the corrected calendar.</summary>
        private void Recompute(ClockRecomputed rc, Request s, EventRef ev, CalendarInForce cal)
        {
            var basis = $"counted again from the start and the pauses that ended: calendar date {rc.Cause.Date:yyyy-MM-dd} changed (calendar version {rc.Cause.CalendarVersion})";
            DateTimeOffset recomputed;
            Track? track;
            if (rc.Clock == DeadlineKind.Dispatch)
            {
                recomputed = rules.Dispatch.DueFrom(s.Dispatch.StartedAt, cal.Calendar).At;
                track = _dispatch;
            }
            else
            {
                recomputed = rules.Resolution.DueFrom(s.Resolution.StartedAt, cal.Calendar).At;
                foreach (var span in s.Resolution.PauseSpans) recomputed = rules.Resolution.Shift(recomputed, span.PausedAt, span.ResumedAt, cal.Calendar).At;
                track = Resolution;
            }
            track?.Moved(new ClockStep(ClockStepKind.Recomputed, rc.At, ev, rc.Due)
            {
                Recomputed = recomputed, PreviousDue = rc.PreviousDue, Calendar = cal.Spanning(track.StartedAt, rc.Due), Basis = basis,
            });
            foreach (var d in rc.TaskDues ?? [])
                Task(d.TaskId)?.Moved(new ClockStep(ClockStepKind.Recomputed, rc.At, ev, d.Due)
                {
                    Recomputed = recomputed, PreviousDue = s.Task(d.TaskId)?.Due, Basis = "due with the request's resolution clock, " + basis,
                });
        }
    }

    private sealed class Track(ClockName clock, int cycle, Guid? taskId, ClockRule rule, DateTimeOffset startedAt)
    {
        public ClockName Clock { get; } = clock;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset Due { get; set; }
        /// <summary>The event that set the due in force: a breach, derived from the due, names it.</summary>
        public EventRef DueSetBy { get; set; } = null!;
        public List<ClockStep> Steps { get; } = [];
        public List<(DateTimeOffset From, DateTimeOffset To)> Pauses { get; } = [];
        public DateTimeOffset? PausedAt { get; set; }
        private DateTimeOffset? _metAt, _endedAt;
        private ClockOutcome? _endedAs;
        public bool Running => _metAt is null && _endedAt is null;

        public void Note(ClockStepKind kind, DateTimeOffset at, EventRef ev, string basis) => Steps.Add(new ClockStep(kind, at, ev, Due) { Basis = basis });

        public void Moved(ClockStep step)
        {
            Steps.Add(step);
            Due = step.Due;
            DueSetBy = step.Event;
        }

        public void Meet(DateTimeOffset at, EventRef ev, string basis)
        {
            if (!Running) return;
            _metAt = at;
            Note(ClockStepKind.Met, at, ev, basis);
        }

        public void End(ClockOutcome outcome, ClockStepKind kind, DateTimeOffset at, EventRef ev)
        {
            if (!Running) return;
            (_endedAt, _endedAs) = (at, outcome);
            Note(kind, at, ev, "the clock stops");
        }

        /// <summary>Judged like Clock.Observe: a clock stops when met, paused or ended; past its due unmet, it is breached at the due.</summary>
        public ExplainedClock Explain(Deadlines.Calendars.WorkingCalendar calendar, DateTimeOffset now)
        {
            var stop = _metAt ?? PausedAt ?? _endedAt ?? now;
            if (stop < StartedAt) stop = StartedAt;
            DateTimeOffset? breachedAt = stop > Due ? Due : null;
            var steps = Steps.ToList();
            if (breachedAt is { } due)
            {
                var at = steps.FindIndex(s => s.At > due);
                steps.Insert(at < 0 ? steps.Count : at, new ClockStep(ClockStepKind.Breached, due, DueSetBy, due)
                {
                    Basis = "derived from the due time: unmet when it passed",
                });
            }
            var outcome = breachedAt is not null ? ClockOutcome.Breached
                : _metAt is not null ? ClockOutcome.Met
                : _endedAs ?? (PausedAt is not null ? ClockOutcome.Paused : ClockOutcome.Running);
            var paused = Pauses.Where(p => p.From < stop).Aggregate(TimeSpan.Zero, (sum, p) => sum + Measure(calendar, p.From, p.To < stop ? p.To : stop));
            return new ExplainedClock(Clock, cycle, taskId, StartedAt, Due, outcome, _metAt, breachedAt,
                Measure(calendar, StartedAt, stop) - paused, stop < Due ? Measure(calendar, stop, Due) : TimeSpan.Zero,
                stop > Due ? Measure(calendar, Due, stop) : TimeSpan.Zero, steps);
        }

        private TimeSpan Measure(Deadlines.Calendars.WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset to) =>
            to <= from ? TimeSpan.Zero : rule.CountsWorkingTime ? calendar.Between(from, to) : to - from;
    }

    private static readonly ConcurrentDictionary<Type, MethodInfo?> Appliers = new();

    /// <summary>The request after the event, by its own Apply methods (the state the next event's handler decided on).</summary>
    private static Request? Fold(Request? state, object data)
    {
        if (data is RequestFiled filed) return Request.Create(filed);
        if (state is null) return null;
        Appliers.GetOrAdd(data.GetType(), t => typeof(Request).GetMethod(nameof(Request.Apply), [t]))?.Invoke(state, [data]);
        return state;
    }
}
