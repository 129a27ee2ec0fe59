namespace ProjectTracker.Escalations;

/// <summary>An escalation as supervisors read it: built from the aggregate, never stored.</summary>
public sealed record EscalationView(
    Guid Id, int Version, EscalationKind Kind, EscalationLevel Level, EscalationStatus Status, IReadOnlyList<Responsible> Responsible,
    Guid? RequestId, string? RequestNumber, Guid? EnterpriseId, Guid? ProjectId, string? Milestone, DateTimeOffset DueAt,
    DateTimeOffset RaisedAt, string Summary, DateTimeOffset? AcknowledgedAt, EscalationDecision? Decision, string? DecisionNote,
    Guid? ResponsibleDepartmentId, string? ResponsiblePerson, Guid? DecidedBy, DateTimeOffset? DecidedAt, DateTimeOffset? ClosedAt,
    string? VoidedBecause)
{
    public static EscalationView Of(Escalation e) => new(e.Id, e.Version, e.Kind, e.Level, e.Status, [.. e.Responsible], e.RequestId,
        e.RequestNumber, e.EnterpriseId, e.ProjectId, e.Milestone, e.DueAt, e.RaisedAt, e.Summary, e.AcknowledgedAt, e.Decision,
        e.DecisionNote, e.ResponsibleDepartmentId, e.ResponsiblePerson, e.DecidedBy, e.DecidedAt, e.ClosedAt, e.VoidedBecause);
}
