using ProjectTracker.Directory;

namespace ProjectTracker.Requests;

public enum RequestStatus { Filed, Dispatched, Answered, Closed, Withdrawn, Rejected }
public enum AssigneeKind { Department, TaskForce }
/// <summary>HandedBack waits for the dispatcher; Superseded once re-dispatched.</summary>
public enum TaskState { Open, Accepted, Resolved, HandedBack, Superseded }

/// <summary>A timed promise: when it is due and when it was met (a breach is judged when read: <see cref="ClockView"/>).</summary>
public sealed class Clock
{
    /// <summary>When the clock started: the filing, or the reopening that began this cycle.</summary>
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset Due { get; set; }
    public DateTimeOffset? MetAt { get; set; }
    /// <summary>Since when the clock is stopped, waiting for the enterprise (null: running).</summary>
    public DateTimeOffset? PausedAt { get; set; }
    public string? PauseReason { get; set; }
    /// <summary>Time taken out of this clock by pauses so far (working time for working-day clocks).</summary>
    public TimeSpan Paused { get; set; }
    /// <summary>The pauses that ended, so a recompute (a calendar corrected) starts over from StartedAt and keeps them.</summary>
    public List<PauseSpan> PauseSpans { get; set; } = [];
    /// <summary>When the clock reaches its at-risk share (default 75 %): the sweep then marks it at risk.</summary>
    public DateTimeOffset? AtRiskAt { get; set; }
    /// <summary>When the sweep marked it at risk (an event): a warning to its holder, not an escalation.</summary>
    public DateTimeOffset? MarkedAtRiskAt { get; set; }
    public bool AtRisk => MarkedAtRiskAt is not null && MetAt is null;

    /// <summary>A running clock not yet marked at risk: when to mark it.</summary>
    public DateTimeOffset? PendingRisk => MetAt is null && PausedAt is null && MarkedAtRiskAt is null ? AtRiskAt : null;
}

public sealed record PauseSpan(DateTimeOffset PausedAt, DateTimeOffset ResumedAt);

/// <summary>One department's or task force's share of a request. (Named so as not to clash with System.Threading.Tasks.Task.)</summary>
public sealed class RequestTask
{
    public Guid Id { get; set; }
    public AssigneeKind AssigneeKind { get; set; }
    public Guid AssigneeId { get; set; }
    public string Instructions { get; set; } = "";
    public DateTimeOffset Due { get; set; }
    public DateTimeOffset DispatchedAt { get; set; }
    /// <summary>The task's own due is a target inside the request's promise: at its share of the way there, the task is marked at risk.</summary>
    public DateTimeOffset? AtRiskAt { get; set; }
    public DateTimeOffset? MarkedAtRiskAt { get; set; }
    public bool AtRisk => MarkedAtRiskAt is not null && IsActive;
    public TaskState State { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public bool IsActive => State is TaskState.Open or TaskState.Accepted;
}

/// <summary>
/// A request (诉求) filed by an enterprise, rebuilt from its stream. The inline snapshot is also
/// what details, lists and queues query; they answer it as a <see cref="RequestView"/>.
/// </summary>
public sealed class Request
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Number { get; set; } = "";
    public Guid EnterpriseId { get; set; }
    public Guid ContactId { get; set; }
    public Category Category { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid? ProjectId { get; set; }
    public List<string> Attachments { get; set; } = [];
    public List<string> AddedInformation { get; set; } = [];
    /// <summary>The key enterprise's secretary (秘书); null routes to the dispatch desk.</summary>
    public Guid? SecretaryId { get; set; }
    public Guid[] ProposedDepartmentIds { get; set; } = [];
    public RequestStatus Status { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    /// <summary>A hash of what was filed under an Idempotency-Key (none without one): a replay must match it.</summary>
    public string? FilingFingerprint { get; set; }
    public Clock Dispatch { get; set; } = new();
    public Clock Resolution { get; set; } = new();
    /// <summary>0 for the first resolution clock; each reopening starts the next.</summary>
    public int Cycle { get; set; }
    public List<RequestTask> Tasks { get; set; } = [];
    /// <summary>Departments and task forces that ever held a task: who may see the request.</summary>
    public List<Guid> AssigneeIds { get; set; } = [];
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int? Satisfaction { get; set; }
    public string? SatisfactionComment { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosingReason { get; set; }
    public bool IsOpen => Status is RequestStatus.Filed or RequestStatus.Dispatched;
    /// <summary>No task in hand: the dispatcher must (re)dispatch.</summary>
    public bool AwaitsDispatch => IsOpen && !Tasks.Any(t => t.IsActive);
    public RequestTask? Task(Guid taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    /// <summary>
    /// The due times still to be met, stored as indexed columns: the deadline sweep
    /// (Overdue/SweepDeadlines.cs) finds what has fallen due from them.
    /// </summary>
    public DateTimeOffset? PendingDispatchDue => IsOpen && Dispatch.MetAt is null ? Dispatch.Due : null;
    public DateTimeOffset? PendingResolutionDue => IsOpen && Resolution.MetAt is null && Resolution.PausedAt is null ? Resolution.Due : null;
    /// <summary>
    /// The earliest at-risk mark still to make (either clock or an open task), an indexed column:
    /// the sweep marks what has come (Overdue/MarkAtRisk.cs), which clears it. Tasks wait while the clock is paused.
    /// </summary>
    public DateTimeOffset? PendingRisk => IsOpen
        ? new[] { Dispatch.PendingRisk, Resolution.PendingRisk }
            .Concat(Resolution.PausedAt is null ? Tasks.Where(t => t.IsActive && t.MarkedAtRiskAt is null).Select(t => t.AtRiskAt) : [])
            .Where(d => d is not null).Min()
        : null;
    /// <summary>How many times the clock was paused (all cycles): beyond the policy's number, a supervisor must pause it.</summary>
    public int Pauses { get; set; }

    public static Request Create(RequestFiled e) => new()
    {
        Id = e.RequestId, Number = e.Number, EnterpriseId = e.EnterpriseId, ContactId = e.ContactId, Category = e.Category,
        Title = e.Title, Description = e.Description, ProjectId = e.ProjectId, Attachments = [.. e.Attachments],
        SecretaryId = e.SecretaryId, ProposedDepartmentIds = e.ProposedDepartmentIds, Status = RequestStatus.Filed,
        FiledAt = e.At, FilingFingerprint = e.IdempotencyFingerprint, Dispatch = new Clock { StartedAt = e.At, Due = e.DispatchDue, AtRiskAt = e.DispatchAtRisk },
        Resolution = new Clock { StartedAt = e.At, Due = e.ResolutionDue, AtRiskAt = e.ResolutionAtRisk },
    };

    public void Apply(InformationAdded e) { AddedInformation.Add(e.Text); Attachments.AddRange(e.Attachments); }

    public void Apply(TasksDispatched e)
    {
        foreach (var t in Tasks.Where(t => t.State == TaskState.HandedBack)) t.State = TaskState.Superseded;
        Tasks.AddRange(e.Tasks.Select(t => new RequestTask
        {
            Id = t.TaskId, AssigneeKind = t.AssigneeKind, AssigneeId = t.AssigneeId, Instructions = t.Instructions, Due = t.Due,
            DispatchedAt = e.At, AtRiskAt = t.AtRiskAt,
        }));
        foreach (var t in e.Tasks.Where(t => !AssigneeIds.Contains(t.AssigneeId))) AssigneeIds.Add(t.AssigneeId);
        Status = RequestStatus.Dispatched;
        Dispatch.MetAt ??= e.At;
    }

    public void Apply(TaskAccepted e) { var t = Task(e.TaskId)!; t.State = TaskState.Accepted; t.AcceptedAt = e.At; }
    public void Apply(TaskProgressNoted e) { }
    public void Apply(TaskResolved e) { var t = Task(e.TaskId)!; t.State = TaskState.Resolved; t.Reply = e.Reply; t.ResolvedAt = e.At; }
    public void Apply(TaskHandedBack e) => Task(e.TaskId)!.State = TaskState.HandedBack;

    public void Apply(TaskTransferred e)
    {
        var t = Task(e.TaskId)!;
        t.AssigneeKind = e.AssigneeKind; t.AssigneeId = e.AssigneeId; t.State = TaskState.Open; t.AcceptedAt = null;
        if (!AssigneeIds.Contains(e.AssigneeId)) AssigneeIds.Add(e.AssigneeId);
    }

    public void Apply(ClockPaused e) { Resolution.PausedAt = e.At; Resolution.PauseReason = e.Reason; Pauses++; }

    public void Apply(ClockResumed e)
    {
        Resolution.PauseSpans.Add(new PauseSpan(e.PausedAt, e.At));
        Resolution.PausedAt = null; Resolution.PauseReason = null; Resolution.Due = e.ResolutionDue; Resolution.Paused += e.Paused;
        Resolution.AtRiskAt = e.ResolutionAtRisk ?? Resolution.AtRiskAt;
        foreach (var d in e.TaskDues) { var t = Task(d.TaskId)!; t.Due = d.Due; t.AtRiskAt = d.AtRiskAt ?? t.AtRiskAt; }
    }

    public void Apply(ClockRecomputed e)
    {
        var clock = e.Clock == Deadlines.Sweeping.DeadlineKind.Dispatch ? Dispatch : Resolution;
        clock.Due = e.Due;
        clock.AtRiskAt = e.AtRiskAt ?? clock.AtRiskAt;
        foreach (var d in e.TaskDues ?? []) { var t = Task(d.TaskId)!; t.Due = d.Due; t.AtRiskAt = d.AtRiskAt ?? t.AtRiskAt; }
    }

    public void Apply(ClockAtRisk e) => (e.Clock == Deadlines.Sweeping.DeadlineKind.Dispatch ? Dispatch : Resolution).MarkedAtRiskAt = e.At;
    public void Apply(TaskAtRisk e) => Task(e.TaskId)!.MarkedAtRiskAt = e.At;

    public void Apply(RequestAnswered e) { Status = RequestStatus.Answered; Answer = e.Reply; AnsweredAt = e.At; Resolution.MetAt = e.At; }

    public void Apply(AnswerConfirmed e)
    {
        Status = RequestStatus.Closed; Satisfaction = e.Satisfaction; SatisfactionComment = e.Comment; ClosedAt = e.At;
    }

    public void Apply(RequestReopened e)
    {
        Status = RequestStatus.Dispatched; Cycle = e.Cycle; ClosingReason = null;
        Resolution = new Clock { StartedAt = e.At, Due = e.ResolutionDue, AtRiskAt = e.ResolutionAtRisk };
        foreach (var t in Tasks.Where(t => t.State == TaskState.Resolved))
        {
            t.State = TaskState.Open; t.AcceptedAt = null; t.ResolvedAt = null; t.Due = e.ResolutionDue;
            t.DispatchedAt = e.At; t.AtRiskAt = e.ResolutionAtRisk; t.MarkedAtRiskAt = null;
        }
    }

    public void Apply(RequestAutoClosed e) { Status = RequestStatus.Closed; ClosedAt = e.At; ClosingReason = "Answer not confirmed in time."; }
    public void Apply(RequestWithdrawn e) { Status = RequestStatus.Withdrawn; ClosedAt = e.At; ClosingReason = e.Reason; }

    public void Apply(RequestRejected e)
    {
        Status = RequestStatus.Rejected; ClosedAt = e.At; ClosingReason = e.Reason; Answer = e.Reason; AnsweredAt = e.At;
        Dispatch.MetAt ??= e.At; Resolution.MetAt ??= e.At;
    }
}
