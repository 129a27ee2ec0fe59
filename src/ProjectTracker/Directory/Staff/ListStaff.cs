using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Staff;

public static class ListStaffEndpoint
{
    /// <summary>Staff by name; narrowed by department, by role (e.g. every dispatcher), or by part of the name.</summary>
    [WolverineGet("/api/staff", Name = "ListStaff"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static Task<Paged<StaffMember>> Get(int? page, int? pageSize, Guid? departmentId, string? role, string? q, IQuerySession session,
        CancellationToken ct)
    {
        var name = Listing.Search(q);
        if (role is not null && !StaffRoles.Allowed.Contains(role))
            throw Refusal.Invalid("role", $"'{role}' is not a staff role; expected one of {string.Join(", ", StaffRoles.Allowed)}.");
        IQueryable<StaffMember> query = session.Query<StaffMember>();
        if (departmentId is { } department) query = query.Where(s => s.DepartmentId == department);
        if (role is not null) query = query.Where(s => s.Roles.Contains(role));
        if (name is not null) query = query.Where(s => s.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        return query.OrderBy(s => s.Name).ThenBy(s => s.Id).PageAsync(page, pageSize, ct);
    }
}
