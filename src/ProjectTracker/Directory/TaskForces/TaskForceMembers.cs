using Marten;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory.TaskForces;

/// <summary>Who a task force is made of; shared by creating and changing one.</summary>
public static class TaskForceMembers
{
    public const int MaxMembers = 200;
    public const int MaxDepartments = 50;

    public static Validation Membership(this Validation v, Guid? leadId, Guid[]? memberIds, Guid[]? departmentIds) => v
        .NotEmpty("leadId", leadId)
        .Count("memberIds", memberIds, 0, MaxMembers)
        .When(memberIds?.Contains(Guid.Empty) == true, "memberIds", "memberIds must not hold the empty id.")
        .Count("departmentIds", departmentIds, 0, MaxDepartments)
        .When(departmentIds?.Contains(Guid.Empty) == true, "departmentIds", "departmentIds must not hold the empty id.");

    /// <summary>
    /// The lead must be a staff member holding the lead role (专班牵头领导): leading is what lets
    /// them see the task force's whole queue. Members and departments must exist.
    /// </summary>
    public static async Task EnsureExist(IQuerySession session, Guid leadId, Guid[] memberIds, Guid[] departmentIds, CancellationToken ct)
    {
        var lead = await References.EnsureStaff(session, "leadId", [leadId], ct);
        if (!lead[leadId].Roles.Contains(Roles.Lead))
            throw Refusal.Invalid("leadId", $"Staff member {leadId} does not have the lead role.");
        await References.EnsureStaff(session, "memberIds", memberIds, ct);
        await References.EnsureDepartments(session, "departmentIds", departmentIds, ct);
    }
}
