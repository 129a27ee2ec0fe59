namespace ProjectTracker.Supervision.Scorecards;

/// <summary>A department, task force, secretary or the zone, by name.</summary>
public sealed record Unit(UnitKind Kind, Guid Id, string Name);

/// <summary>
/// One clock over the period's requests: met by its due (on time), past it met or unmet (late),
/// undecided (pending: running, paused before its due). The rate is on time ÷ (on time + late);
/// durations are working hours (the lower middle value for the median, percentile_disc).
/// </summary>
public sealed record ClockFigures(long OnTime, long Late, long Pending, double? OnTimeRate, double? MedianHours, double? P90Hours);

public sealed record PausedFigures(long Requests, double WorkingHours);

/// <summary>Requests reopened at least once ÷ requests answered.</summary>
public sealed record ReopenFigures(long Reopened, long Answered, double? Rate);

/// <summary>Ratings 1-5; RatedShare = rated ÷ requests closed after an answer (confirmed or closed by themselves).</summary>
public sealed record SatisfactionFigures(double? Mean, long[] Distribution, long Rated, long ClosedAfterAnswer, double? RatedShare);

/// <summary>Escalations raised in the period naming the unit (all for the zone), voided ones left out.</summary>
public sealed record EscalationFigures(long Raised, long Warning, long Accountability, long DispatchOverdue, long ResolutionOverdue,
    long MilestoneOverdue, long NoFault, long WarningIssued, long AccountabilityDecided, long Undecided);

/// <summary>At the moment of reading, whatever the period: open requests past a due, and open ones marked at risk but not yet overdue.</summary>
public sealed record NowFigures(long OpenOverdue, long AtRisk);

/// <summary>
/// 考核: how a unit kept the "1-3 day" promise over a period, counted from the requests filed in
/// it (each credited as <see cref="Credits"/> says) and the escalations raised in it.
/// </summary>
public sealed record Scorecard(Unit Unit, Period Period, long Received, long Withdrawn, long Rejected,
    ClockFigures Dispatch, ClockFigures Answer, PausedFigures Paused, ReopenFigures Reopen, SatisfactionFigures Satisfaction,
    EscalationFigures Escalations, NowFigures Now);
