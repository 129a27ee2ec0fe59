using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Contacts;

public static class ReadContactEndpoint
{
    [WolverineGet("/api/contacts/{id}", Name = "ReadContact"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static async Task<Contact> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var contact = await session.LoadAsync<Contact>(id, http.RequestAborted) ?? throw Refusal.NotFound($"Contact {id}");
        return Preconditions.Tag(http, contact, contact.Version);
    }
}
