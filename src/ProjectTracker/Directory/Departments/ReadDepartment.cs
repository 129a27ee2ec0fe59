using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Departments;

public static class ReadDepartmentEndpoint
{
    [WolverineGet("/api/departments/{id}", Name = "ReadDepartment"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static async Task<Department> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var department = await session.LoadAsync<Department>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Department {id}");
        return Preconditions.Tag(http, department, department.Version);
    }
}
