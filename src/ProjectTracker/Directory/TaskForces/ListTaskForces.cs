using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.TaskForces;

public static class ListTaskForcesEndpoint
{
    /// <summary>Task forces by name; <c>kind</c> is Thematic or Project.</summary>
    [WolverineGet("/api/task-forces", Name = "ListTaskForces"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static Task<Paged<TaskForce>> Get(int? page, int? pageSize, string? kind, string? q, IQuerySession session, CancellationToken ct)
    {
        var name = Listing.Search(q);
        var wanted = kind.ToEnum<TaskForceKind>("kind");
        IQueryable<TaskForce> query = session.Query<TaskForce>();
        if (wanted is { } k) query = query.Where(t => t.Kind == k);
        if (name is not null) query = query.Where(t => t.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        return query.OrderBy(t => t.Name).ThenBy(t => t.Id).PageAsync(page, pageSize, ct);
    }
}
