using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Staff;

public static class ReadStaffEndpoint
{
    [WolverineGet("/api/staff/{id}", Name = "ReadStaff"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static async Task<StaffMember> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var staff = await session.LoadAsync<StaffMember>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Staff member {id}");
        return Preconditions.Tag(http, staff, staff.Version);
    }
}
