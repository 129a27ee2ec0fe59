using System.Text.Json.Serialization;
using ProjectTracker.Requests;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>The units a scorecard is kept for: the zone as a whole, a secretary (秘书), a department (部门), a task force (专班).</summary>
public enum UnitKind { Zone, Secretary, Department, TaskForce }

/// <summary>
/// How a clock ended for the unit credited with it. Pending: not decided yet. Void: stopped before
/// its due without being met (withdrawn; a task that arrived after the promise had run out):
/// neither on time nor late.
/// </summary>
public enum Verdict { Pending, OnTime, Late, Void }

/// <summary>
/// What one request did, as the scorecards count it: its clocks, who held its tasks when, and one
/// <see cref="Credit"/> per unit it is counted for (the zone, its secretary, each department or
/// task force credited). Kept by <see cref="RequestOutcomeProjection"/> from the request's events.
/// </summary>
public sealed class RequestOutcome
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public Guid EnterpriseId { get; set; }
    public Guid? SecretaryId { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    /// <summary>The zone-local date of filing: the period a request belongs to (a duplicated, indexed column).</summary>
    public DateOnly FiledOn { get; set; }
    public RequestStatus Status { get; set; }
    /// <summary>Open requests are read whole for the "now" figures (a duplicated, indexed column).</summary>
    public bool IsOpen { get; set; }

    public DateTimeOffset DispatchDue { get; set; }
    /// <summary>When the dispatch clock was met: the first dispatch, or a rejection.</summary>
    public DateTimeOffset? DispatchMetAt { get; set; }
    public double? MinutesToDispatch { get; set; }
    public bool DispatchAtRisk { get; set; }

    public List<AnswerCycle> Cycles { get; set; } = [];
    public List<TaskTrack> Tasks { get; set; } = [];

    public DateTimeOffset? FirstAnsweredAt { get; set; }
    public int Reopens { get; set; }
    public int? Satisfaction { get; set; }
    /// <summary>Confirmed or closed by itself after an answer: the requests a rating could have been given for.</summary>
    public bool ClosedAfterAnswer { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }

    /// <summary>Every unit this request counts for, with what it did; recomputed after each event (<see cref="Credits.For"/>).</summary>
    public List<Credit> Credits { get; set; } = [];

    [JsonIgnore] public AnswerCycle Current => Cycles[^1];
    [JsonIgnore] public double PausedMinutes => Cycles.Sum(c => c.Pauses.Sum(p => p.Minutes));
}

/// <summary>One resolution clock: the first from filing, one more from each reopening.</summary>
public sealed class AnswerCycle
{
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset Due { get; set; }
    public DateTimeOffset? MetAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public bool AtRisk { get; set; }
    /// <summary>Ended pauses with the working time each took out of the clock.</summary>
    public List<PauseTaken> Pauses { get; set; } = [];
    /// <summary>Each task's resolution in this cycle (tasks reopen with the request).</summary>
    public Dictionary<Guid, DateTimeOffset> Resolved { get; set; } = [];
}

public sealed record PauseTaken(DateTimeOffset From, DateTimeOffset To, double Minutes);

/// <summary>A task and the units that held it, in order: a transfer adds a holding.</summary>
public sealed class TaskTrack
{
    public Guid TaskId { get; set; }
    public List<Holding> Holdings { get; set; } = [];
    /// <summary>Handed back (or superseded): the unit let go without answering.</summary>
    public DateTimeOffset? LetGoAt { get; set; }
    public bool AtRisk { get; set; }

    [JsonIgnore] public DateTimeOffset DispatchedAt => Holdings[0].From;

    /// <summary>The unit holding the task at <paramref name="at"/> (the first holder before the task existed).</summary>
    public Holding HolderAt(DateTimeOffset at) => Holdings.LastOrDefault(h => h.From <= at) ?? Holdings[0];
}

public sealed record Holding(UnitKind Kind, Guid UnitId, DateTimeOffset From);

/// <summary>
/// What one request counts for one unit. Finished clocks carry their verdict; a running clock
/// carries its due (<see cref="DispatchRunningDue"/>, <see cref="AnswerRunningDue"/>) and is judged
/// against the reader's "now" in SQL, so a deadline passing needs no event to show as late.
/// </summary>
public sealed record Credit(
    UnitKind Kind, Guid UnitId,
    Verdict Dispatch, DateTimeOffset? DispatchRunningDue,
    Verdict Answer, DateTimeOffset? AnswerRunningDue, bool AnswerPaused, bool Answered,
    double? MinutesToDispatch, double? MinutesToAnswer, double PausedMinutes,
    bool Reopened, int? Satisfaction, bool ClosedAfterAnswer, bool Withdrawn, bool Rejected, bool Open, bool AtRisk);
