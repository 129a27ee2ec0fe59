using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Projects.Reading;

public static class GetProjectEndpoint
{
    [WolverineGet("/api/projects/{id}", Name = "GetProject"), Tags("Projects")]
    public static async Task<ProjectDetails> Get(Guid id, HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy)
    {
        var caller = http.Caller();
        var project = await session.LoadVisibleAsync(caller, id, http.RequestAborted);
        return Preconditions.Tag(http, ProjectDetails.Of(project, clock.GetUtcNow(), policy), project.Version);
    }
}
