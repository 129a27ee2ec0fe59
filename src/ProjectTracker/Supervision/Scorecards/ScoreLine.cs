using ProjectTracker.Requests;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>The figures of a scorecard whose requests can be listed (<c>figure=</c> on a unit's scorecard).</summary>
public enum Figure
{
    DispatchOnTime, DispatchLate, DispatchPending, AnswerOnTime, AnswerLate, AnswerPending,
    Withdrawn, Rejected, Paused, Reopened, Answered, Rated, OverdueNow, AtRiskNow,
}

/// <summary>One request as a unit's scorecard counts it.</summary>
public sealed record ScoreLine(Guid RequestId, string Number, DateTimeOffset FiledAt, RequestStatus Status, Verdict Dispatch, Verdict Answer,
    double? HoursToDispatch, double? HoursToAnswer, double PausedHours, bool Reopened, int? Satisfaction, bool Withdrawn, bool Rejected,
    bool OverdueNow, bool AtRiskNow);

/// <summary>An escalation counted on a unit's scorecard.</summary>
public sealed record EscalationLine(Guid EscalationId, string? RequestNumber, Guid? ProjectId, Escalations.EscalationKind Kind,
    Escalations.EscalationLevel Level, Escalations.EscalationStatus Status, Escalations.EscalationDecision? Decision, DateTimeOffset RaisedAt);
