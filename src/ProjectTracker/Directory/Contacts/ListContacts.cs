using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Contacts;

public static class ListContactsEndpoint
{
    /// <summary>An enterprise's contacts by name; <c>active</c> narrows to current (or former) ones.</summary>
    [WolverineGet("/api/enterprises/{id}/contacts", Name = "ListContacts"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static async Task<Paged<Contact>> Get(Guid id, int? page, int? pageSize, bool? active, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Enterprise>(id, ct) is null) throw Refusal.NotFound($"Enterprise {id}");
        var query = session.Query<Contact>().Where(c => c.EnterpriseId == id);
        if (active is { } a) query = query.Where(c => c.Active == a);
        return await query.OrderBy(c => c.Name).ThenBy(c => c.Id).PageAsync(page, pageSize, ct);
    }
}
