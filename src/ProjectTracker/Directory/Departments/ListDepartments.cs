using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Departments;

public static class ListDepartmentsEndpoint
{
    [WolverineGet("/api/departments", Name = "ListDepartments"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static Task<Paged<Department>> Get(int? page, int? pageSize, string? q, IQuerySession session, CancellationToken ct)
    {
        var name = Listing.Search(q);
        IQueryable<Department> query = session.Query<Department>();
        if (name is not null) query = query.Where(d => d.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        return query.OrderBy(d => d.Name).ThenBy(d => d.Id).PageAsync(page, pageSize, ct);
    }
}
