using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Enterprises;

public static class ListEnterprisesEndpoint
{
    /// <summary>
    /// Enterprises by name; <c>q</c> matches part of the name (case-insensitive), <c>isKey</c> and
    /// <c>industry</c> narrow the list (industry matches exactly, case-insensitive).
    /// </summary>
    [WolverineGet("/api/enterprises", Name = "ListEnterprises"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static Task<Paged<Enterprise>> Get(int? page, int? pageSize, string? q, bool? isKey, string? industry, IQuerySession session,
        CancellationToken ct)
    {
        var name = Listing.Search(q);
        var sector = Listing.Search(industry, "industry");
        IQueryable<Enterprise> query = session.Query<Enterprise>();
        if (name is not null) query = query.Where(x => x.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        if (isKey is { } key) query = query.Where(x => x.IsKey == key);
        if (sector is not null) query = query.Where(x => x.Industry != null && x.Industry.Equals(sector, StringComparison.OrdinalIgnoreCase));
        return query.OrderBy(x => x.Name).ThenBy(x => x.Id).PageAsync(page, pageSize, ct);
    }
}
