using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Enterprises;

public static class ReadEnterpriseEndpoint
{
    /// <summary>
    /// Internal roles read any enterprise. A contact reads only their own; another enterprise
    /// answers 404 rather than 403, so a contact cannot probe which ids exist.
    /// </summary>
    [WolverineGet("/api/enterprises/{id}", Name = "ReadEnterprise"), Tags("Directory")]
    [ProducesResponseType<ProblemDetails>(403)]
    public static async Task<Enterprise> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var caller = http.Caller();
        if (!DirectoryAccess.ReadsAll(caller))
        {
            if (!caller.Is(Roles.Contact)) throw Refusal.Forbidden("Your roles do not include reading the directory.");
            if (caller.EnterpriseId != id) throw Refusal.NotFound($"Enterprise {id}");
        }
        var enterprise = await session.LoadAsync<Enterprise>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Enterprise {id}");
        return Preconditions.Tag(http, enterprise, enterprise.Version);
    }
}
