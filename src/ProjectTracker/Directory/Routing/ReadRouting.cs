using Marten;
using Microsoft.AspNetCore.Authorization;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Directory.Routing;

public sealed record CategoryRoute(Category Category, Guid[] DepartmentIds);

/// <summary>Every category, in the enum's order, with its default departments (none yet: an empty list).</summary>
public sealed record RoutingTableView(int Version, CategoryRoute[] Routes)
{
    public static RoutingTableView Of(RoutingTable? table) =>
        new(table?.Version ?? 0, [.. Enum.GetValues<Category>().Select(c => new CategoryRoute(c, table?.DepartmentsFor(c) ?? []))]);
}

public static class ReadRoutingEndpoint
{
    [WolverineGet("/api/routing", Name = "ReadRouting"), Authorize(Roles = DirectoryAccess.Readers), Tags("Directory")]
    public static async Task<RoutingTableView> Get(HttpContext http, IQuerySession session)
    {
        var view = RoutingTableView.Of(await session.LoadAsync<RoutingTable>(RoutingTable.StreamId, http.RequestAborted));
        return Preconditions.Tag(http, view, view.Version);
    }
}
