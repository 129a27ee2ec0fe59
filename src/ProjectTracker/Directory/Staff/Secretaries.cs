using Marten;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory.Staff;

public static class Secretaries
{
    /// <summary>A secretary (秘书) must be a registered staff member who may dispatch.</summary>
    public static async Task EnsureExists(IQuerySession session, Guid? secretaryId)
    {
        if (secretaryId is not { } id) return;
        var staff = await session.LoadAsync<StaffMember>(id);
        if (staff is null) throw Refusal.Invalid("secretaryId", $"No staff member {id}.");
        if (!staff.Roles.Contains(ProjectTracker.Access.Roles.Dispatcher))
            throw Refusal.Invalid("secretaryId", $"Staff member {id} does not have the dispatcher role.");
    }
}
