using ProjectTracker.Infrastructure;
using Wolverine.Marten;

namespace ProjectTracker.Escalations;

/// <summary>督查警示 (Warning) for a late dispatch; 追责问责 (Accountability) for a late answer or milestone.</summary>
public enum EscalationLevel { Warning, Accountability }
public enum EscalationKind { DispatchOverdue, ResolutionOverdue, MilestoneOverdue, ProcedureOverdue }
public enum ResponsibleKind { Secretary, DispatchDesk, Department, TaskForce }
/// <summary>Voided: its premise proved false (the promise was met in time; see Requests/Overdue/Breaches).</summary>
public enum EscalationStatus { Open, Acknowledged, Decided, Closed, Voided }
public enum EscalationDecision { NoFault, WarningIssued, Accountability }

/// <summary>Who the escalation names: a secretary, the dispatch desk, a department or a task force.</summary>
public sealed record Responsible(ResponsibleKind Kind, Guid? Id);

public sealed record EscalationRaised(Guid EscalationId, EscalationKind Kind, EscalationLevel Level, Responsible[] Responsible,
    Guid? RequestId, string? RequestNumber, Guid? EnterpriseId, Guid? ProjectId, string? Milestone,
    DateTimeOffset DueAt, DateTimeOffset RaisedAt, string Summary);
public sealed record EscalationAcknowledged(Guid EscalationId, Guid By, DateTimeOffset At);
public sealed record EscalationDecided(Guid EscalationId, EscalationDecision Decision, string Note,
    Guid? ResponsibleDepartmentId, string? ResponsiblePerson, Guid By, DateTimeOffset At);
public sealed record EscalationClosed(Guid EscalationId, Guid By, DateTimeOffset At);
/// <summary>Raised by a sweep that could not yet see a promise met before its due time: withdrawn from supervision, with why.</summary>
public sealed record EscalationVoided(Guid EscalationId, string Reason, DateTimeOffset At);

/// <summary>An overdue promise under supervision (督查), its own stream linked to the request or project.</summary>
public sealed class Escalation
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public EscalationKind Kind { get; set; }
    public EscalationLevel Level { get; set; }
    public EscalationStatus Status { get; set; }
    public Responsible[] Responsible { get; set; } = [];
    /// <summary>Departments and task forces named, flattened for queue filters.</summary>
    public Guid[] NamedIds { get; set; } = [];
    public Guid? RequestId { get; set; }
    public string? RequestNumber { get; set; }
    public Guid? EnterpriseId { get; set; }
    public Guid? ProjectId { get; set; }
    public string? Milestone { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public string Summary { get; set; } = "";
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public EscalationDecision? Decision { get; set; }
    public string? DecisionNote { get; set; }
    public Guid? ResponsibleDepartmentId { get; set; }
    public string? ResponsiblePerson { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? VoidedBecause { get; set; }

    public static Escalation Create(EscalationRaised e) => new()
    {
        Id = e.EscalationId, Kind = e.Kind, Level = e.Level, Status = EscalationStatus.Open, Responsible = e.Responsible,
        NamedIds = e.Responsible.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToArray(),
        RequestId = e.RequestId, RequestNumber = e.RequestNumber, EnterpriseId = e.EnterpriseId, ProjectId = e.ProjectId,
        Milestone = e.Milestone, DueAt = e.DueAt, RaisedAt = e.RaisedAt, Summary = e.Summary,
    };

    public void Apply(EscalationAcknowledged e) { Status = EscalationStatus.Acknowledged; AcknowledgedAt = e.At; }

    public void Apply(EscalationDecided e)
    {
        Status = EscalationStatus.Decided; Decision = e.Decision; DecisionNote = e.Note;
        ResponsibleDepartmentId = e.ResponsibleDepartmentId; ResponsiblePerson = e.ResponsiblePerson; DecidedBy = e.By; DecidedAt = e.At;
    }

    public void Apply(EscalationClosed e) { Status = EscalationStatus.Closed; ClosedAt = e.At; }
    public void Apply(EscalationVoided e) { Status = EscalationStatus.Voided; ClosedAt = e.At; VoidedBecause = e.Reason; }

    /// <summary>
    /// Starts the escalation stream under an id derived from what is overdue, so a deadline that
    /// fires twice collides with the first escalation instead of raising a second.
    /// </summary>
    public static IStartStream Raise(EscalationRaised raised) => MartenOps.StartStream<Escalation>(raised.EscalationId, raised);

    public static Guid IdFor(params object[] overdue) => StableId.From(["escalation", .. overdue]);
}
