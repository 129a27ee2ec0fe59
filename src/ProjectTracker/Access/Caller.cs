using Marten;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;

namespace ProjectTracker.Access;

/// <summary>
/// Who is asking, as the directory knows them: an active staff member (their roles, department
/// and task forces) or an active contact (role contact, bound to their enterprise). Built once per
/// HTTP call when the token is validated (<see cref="Callers"/>); endpoints take it from
/// <see cref="CallerExtensions.Caller"/>, and commands whose decision depends on who acts carry it.
/// </summary>
public sealed record Caller(Guid UserId, IReadOnlySet<string> Roles, Guid? EnterpriseId, Guid? DepartmentId,
    IReadOnlySet<Guid> TaskForceIds, IReadOnlySet<Guid> LedTaskForceIds)
{
    public bool Is(string role) => Roles.Contains(role);
    public bool SeesAll => Is(Access.Roles.Supervisor) || Is(Access.Roles.Admin);

    /// <summary>Departments and task forces whose tasks this caller works (staff and leads only).</summary>
    public Guid[] WorkUnits => Is(Access.Roles.Staff) || Is(Access.Roles.Lead)
        ? [.. TaskForceIds, .. LedTaskForceIds, .. DepartmentId is { } d ? new[] { d } : []]
        : [];

    public bool WorksFor(Guid assigneeId) => WorkUnits.Contains(assigneeId);

    /// <summary>
    /// The roles a token may use: the directory's, narrowed to those the token names. A token
    /// that names no role uses them all (identity providers often carry none); a role the
    /// directory does not give is never added.
    /// </summary>
    public Caller NarrowedTo(IReadOnlyCollection<string> tokenRoles) =>
        tokenRoles.Count == 0 ? this : this with { Roles = Roles.Where(tokenRoles.Contains).ToHashSet() };

    /// <summary>
    /// The directory's entry for a user id, with all its roles; null for an unknown or
    /// deactivated user. One round trip.
    /// </summary>
    public static async Task<Caller?> LoadAsync(IQuerySession session, Guid userId, CancellationToken ct = default)
    {
        var batch = session.CreateBatchQuery();
        var staffRead = batch.Load<StaffMember>(userId);
        var contactRead = batch.Load<Contact>(userId);
        var forcesRead = batch.Query<TaskForce>().Where(t => t.LeadId == userId || t.MemberIds.Contains(userId)).ToList();
        await batch.Execute(ct);

        if (await staffRead is { Active: true } staff)
        {
            var forces = await forcesRead;
            return new Caller(userId, staff.Roles.ToHashSet(), null, staff.DepartmentId,
                forces.Where(t => t.MemberIds.Contains(userId)).Select(t => t.Id).ToHashSet(),
                forces.Where(t => t.LeadId == userId).Select(t => t.Id).ToHashSet());
        }
        if (await contactRead is { Active: true } contact)
            return new Caller(userId, new HashSet<string> { Access.Roles.Contact }, contact.EnterpriseId, null, new HashSet<Guid>(), new HashSet<Guid>());
        return null;
    }
}

public static class CallerExtensions
{
    /// <summary>
    /// The caller that authentication established. Every API endpoint requires a signed-in
    /// user, so its absence is a bug in the pipeline, not a client's mistake.
    /// </summary>
    public static Caller Caller(this HttpContext http) =>
        http.Features.Get<Caller>() ?? throw new InvalidOperationException("No caller: authentication did not run for this endpoint.");

    public static Guid UserId(this HttpContext http) => http.Caller().UserId;
}
