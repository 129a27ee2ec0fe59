using ProjectTracker.Directory;

namespace ProjectTracker.Requests;

/// <summary>
/// A request as its readers see it: what was filed, both clocks judged at an instant, the tasks.
/// Built from the aggregate, never stored: the aggregate is free to change shape without
/// changing the API, and a read changes nothing.
/// </summary>
public sealed record RequestView(
    Guid Id, int Version, string Number, Guid EnterpriseId, Guid ContactId, Category Category, string Title, string Description,
    Guid? ProjectId, IReadOnlyList<string> Attachments, IReadOnlyList<string> AddedInformation, Guid? SecretaryId,
    IReadOnlyList<Guid> ProposedDepartmentIds, RequestStatus Status, DateTimeOffset FiledAt, ClockView Dispatch, ClockView Resolution,
    int Cycle, IReadOnlyList<TaskView> Tasks, IReadOnlyList<Guid> AssigneeIds, string? Answer, DateTimeOffset? AnsweredAt,
    int? Satisfaction, string? SatisfactionComment, DateTimeOffset? ClosedAt, string? ClosingReason, bool IsOpen, bool AwaitsDispatch,
    int Pauses)
{
    public TaskView? Task(Guid taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    /// <summary>The request as it stands at <paramref name="now"/> (a closed one: as it stood when it closed).</summary>
    public static RequestView Of(Request r, DateTimeOffset now)
    {
        var end = r.ClosedAt ?? now;
        return new RequestView(r.Id, r.Version, r.Number, r.EnterpriseId, r.ContactId, r.Category, r.Title, r.Description, r.ProjectId,
            [.. r.Attachments], [.. r.AddedInformation], r.SecretaryId, [.. r.ProposedDepartmentIds], r.Status, r.FiledAt,
            ClockView.Of(r.Dispatch, end), ClockView.Of(r.Resolution, end), r.Cycle, [.. r.Tasks.Select(TaskView.Of)], [.. r.AssigneeIds],
            r.Answer, r.AnsweredAt, r.Satisfaction, r.SatisfactionComment, r.ClosedAt, r.ClosingReason, r.IsOpen, r.AwaitsDispatch, r.Pauses);
    }
}

/// <summary>
/// A clock as read at an instant. <see cref="BreachedAt"/> is judged, not recorded: the due
/// instant, once the promise was met late or is still unmet past it (a paused clock stands still,
/// judged at the instant it was paused).
/// </summary>
public sealed record ClockView(DateTimeOffset StartedAt, DateTimeOffset Due, DateTimeOffset? MetAt, DateTimeOffset? BreachedAt,
    DateTimeOffset? PausedAt, string? PauseReason, TimeSpan Paused, IReadOnlyList<PauseSpan> PauseSpans, DateTimeOffset? AtRiskAt,
    DateTimeOffset? MarkedAtRiskAt, bool AtRisk)
{
    public static ClockView Of(Clock c, DateTimeOffset end) => new(c.StartedAt, c.Due, c.MetAt,
        (c.MetAt ?? c.PausedAt ?? end) > c.Due ? c.Due : null, c.PausedAt, c.PauseReason, c.Paused, [.. c.PauseSpans], c.AtRiskAt,
        c.MarkedAtRiskAt, c.AtRisk);
}

/// <summary>One department's or task force's share of the request.</summary>
public sealed record TaskView(Guid Id, AssigneeKind AssigneeKind, Guid AssigneeId, string Instructions, DateTimeOffset Due,
    DateTimeOffset DispatchedAt, DateTimeOffset? AtRiskAt, DateTimeOffset? MarkedAtRiskAt, bool AtRisk, TaskState State,
    DateTimeOffset? AcceptedAt, string? Reply, DateTimeOffset? ResolvedAt, bool IsActive)
{
    public static TaskView Of(RequestTask t) => new(t.Id, t.AssigneeKind, t.AssigneeId, t.Instructions, t.Due, t.DispatchedAt,
        t.AtRiskAt, t.MarkedAtRiskAt, t.AtRisk, t.State, t.AcceptedAt, t.Reply, t.ResolvedAt, t.IsActive);
}
