using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Supervision.Scorecards;

namespace ProjectTracker.Supervision;

/// <summary>
/// Who reads which scorecards: supervisors and administrators every unit; a lead the task forces
/// they lead; staff their department; a secretary their own card; contacts none.
/// </summary>
public static class SupervisionAccess
{
    /// <summary>Every role but contact reaches the endpoints; what each may read is decided on the unit.</summary>
    public const string Readers = $"{Roles.Supervisor},{Roles.Admin},{Roles.Staff},{Roles.Lead},{Roles.Dispatcher}";

    public static bool MaySee(this Caller caller, Unit unit) => caller.SeesAll || unit.Kind switch
    {
        UnitKind.Department => caller.Is(Roles.Staff) && caller.DepartmentId == unit.Id,
        UnitKind.TaskForce => caller.Is(Roles.Lead) && caller.LedTaskForceIds.Contains(unit.Id),
        UnitKind.Secretary => caller.Is(Roles.Dispatcher) && caller.UserId == unit.Id,
        _ => false,
    };

    /// <summary>The units of a kind the caller may read (null: all); 403 if none.</summary>
    public static IReadOnlySet<Guid>? VisibleOf(this Caller caller, UnitKind kind)
    {
        if (caller.SeesAll) return null;
        HashSet<Guid> mine = kind switch
        {
            UnitKind.Department when caller.Is(Roles.Staff) && caller.DepartmentId is { } d => [d],
            UnitKind.TaskForce when caller.Is(Roles.Lead) => [.. caller.LedTaskForceIds],
            UnitKind.Secretary when caller.Is(Roles.Dispatcher) => [caller.UserId],
            _ => [],
        };
        return mine.Count > 0 ? mine : throw Refusal.Forbidden($"Scorecards of {kind} units are for supervisors and administrators (and each unit's own people).");
    }

    public static void EnsureSupervisor(this Caller caller)
    {
        if (!caller.SeesAll) throw Refusal.Forbidden("Rankings compare every unit: supervisors and administrators only.");
    }
}
