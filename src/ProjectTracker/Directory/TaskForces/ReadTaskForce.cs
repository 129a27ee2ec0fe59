using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.TaskForces;

public static class ReadTaskForceEndpoint
{
    [WolverineGet("/api/task-forces/{id}", Name = "ReadTaskForce"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static async Task<TaskForce> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var taskForce = await session.LoadAsync<TaskForce>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Task force {id}");
        return Preconditions.Tag(http, taskForce, taskForce.Version);
    }
}
