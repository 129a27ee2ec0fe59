using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Marten;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory;

/// <summary>
/// Who is asking: the token's user id and roles, joined with what the directory says about
/// them (a contact's enterprise; a staff member's department and task forces).
/// </summary>
public sealed record Caller(Guid UserId, IReadOnlySet<string> Roles, Guid? EnterpriseId, Guid? DepartmentId,
    IReadOnlySet<Guid> TaskForceIds, IReadOnlySet<Guid> LedTaskForceIds)
{
    public bool Is(string role) => Roles.Contains(role);
    public bool SeesAll => Is(Infrastructure.Roles.Supervisor) || Is(Infrastructure.Roles.Admin);

    /// <summary>Departments and task forces whose tasks this caller works (staff and leads only).</summary>
    public Guid[] WorkUnits => _workUnits ??= Is(Infrastructure.Roles.Staff) || Is(Infrastructure.Roles.Lead)
        ? [.. TaskForceIds, .. LedTaskForceIds, .. DepartmentId is { } d ? new[] { d } : []]
        : [];
    private Guid[]? _workUnits;

    public bool WorksFor(Guid assigneeId) => WorkUnits.Contains(assigneeId);

    public static async Task<Caller> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken ct = default)
    {
        var id = user.UserId();
        var roles = user.FindAll("role").Select(c => c.Value).ToHashSet();
        Guid? enterprise = null, department = null;
        HashSet<Guid> taskForces = [], led = [];

        if (roles.Contains(Infrastructure.Roles.Contact))
        {
            var contact = await session.LoadAsync<Contact>(id, ct);
            if (contact is { Active: true }) enterprise = contact.EnterpriseId;
        }
        if (roles.Overlaps([Infrastructure.Roles.Staff, Infrastructure.Roles.Lead, Infrastructure.Roles.Dispatcher]))
        {
            department = (await session.LoadAsync<StaffMember>(id, ct))?.DepartmentId;
            var forces = await session.Query<TaskForce>().Where(t => t.LeadId == id || t.MemberIds.Contains(id)).ToListAsync(ct);
            taskForces = forces.Where(t => t.MemberIds.Contains(id)).Select(t => t.Id).ToHashSet();
            led = forces.Where(t => t.LeadId == id).Select(t => t.Id).ToHashSet();
        }
        return new Caller(id, roles, enterprise, department, taskForces, led);
    }
}

public static class ClaimsExtensions
{
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new ApiProblem(401, "Unauthorized", "The token's subject is not a user id.");

    public static Guid UserId(this HttpContext http) => http.User.UserId();
}
