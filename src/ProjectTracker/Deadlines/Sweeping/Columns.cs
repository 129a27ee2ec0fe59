using ProjectTracker.Requests;
using ProjectTracker.Requests.Overdue;

namespace ProjectTracker.Deadlines.Sweeping;

/// <summary>
/// The request's pending instants, duplicated into indexed columns (DeadlinesModule) that the sweeps
/// read in (instant, id) order. Named once here. The rule they rely on: each is written in the
/// same transaction as the events that set it, and a due written within DueBehind.Horizon of now
/// (where a sweep's cursor may already be) is also noted as a DueBehind.
/// </summary>
public static class Columns
{
    public const string PendingDispatchDue = "pending_dispatch_due";
    public const string PendingResolutionDue = "pending_resolution_due";
    public const string PendingRisk = "pending_risk";

    public static string For(DeadlineKind kind) => kind == DeadlineKind.Dispatch ? PendingDispatchDue : PendingResolutionDue;

    /// <summary>The request members behind the columns, for DeadlinesModule's duplicated fields.</summary>
    public static readonly string[] Members = [nameof(Request.PendingDispatchDue), nameof(Request.PendingResolutionDue), nameof(Request.PendingRisk)];
}
