using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Routing;

/// <summary>The departments a dispatcher is offered first for one category; an empty list removes the default.</summary>
public sealed record RouteInput(Guid[]? DepartmentIds)
{
    public const int MaxDepartments = 20;

    public Validation Check() => new Validation()
        .When(DepartmentIds is null, "departmentIds", "departmentIds is required (an empty list removes the route).")
        .Count("departmentIds", DepartmentIds ?? [], 0, MaxDepartments)
        .When(DepartmentIds?.Contains(Guid.Empty) == true, "departmentIds", "departmentIds must not hold the empty id.");
}

/// <summary>The whole zone has one routing table, so every change goes to its one stream.</summary>
public sealed record SetRoute(Category Category, Guid[] DepartmentIds, int? ExpectedVersion, Guid By)
{
    public Guid RoutingTableId => RoutingTable.StreamId;
}

[AggregateHandler]
public static class SetRouteHandler
{
    public static async Task<Events> Handle(SetRoute cmd, RoutingTable? table, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        await References.EnsureDepartments(session, "departmentIds", cmd.DepartmentIds, ct);
        return Decide(table, cmd, clock.GetUtcNow());
    }

    /// <summary>The first route set starts the table's stream; setting a route to what it is appends nothing.</summary>
    public static Events Decide(RoutingTable? table, SetRoute cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, table?.Version ?? 0, "The routing table");
        Guid[] departments = [.. cmd.DepartmentIds.Distinct()];
        if (table is not null && table.Routes.ContainsKey(cmd.Category) && table.DepartmentsFor(cmd.Category).SequenceEqual(departments)) return [];
        return [new RouteSet(cmd.Category, departments, cmd.By, now)];
    }
}

public static class SetRouteEndpoint
{
    public static ProblemDetails Validate(RouteInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/routing/{category}", Name = "SetRoute"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<RoutingTableView> Put(string category, RouteInput body, HttpContext http, IMessageBus bus, IQuerySession session)
    {
        var which = category.ToEnum<Category>("category") ?? throw Refusal.Invalid("category", "category is required.");
        await bus.InvokeAsync(new SetRoute(which, body.DepartmentIds!, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        var view = RoutingTableView.Of(await session.LoadAsync<RoutingTable>(RoutingTable.StreamId, http.RequestAborted));
        return Preconditions.Tag(http, view, view.Version);
    }
}
