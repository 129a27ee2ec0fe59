namespace ProjectTracker.Directory.Routing;

public sealed record RouteSet(Category Category, Guid[] DepartmentIds, Guid By, DateTimeOffset At);

/// <summary>
/// Category → default departments: what the dispatcher is offered when decomposing a request.
/// One stream for the whole zone, so every change is audited.
/// </summary>
public sealed class RoutingTable
{
    public static readonly Guid StreamId = new("5a0c6f5e-0000-4000-8000-00000000a001");

    public Guid Id { get; set; }
    public int Version { get; set; }
    public Dictionary<Category, Guid[]> Routes { get; set; } = new();

    public static RoutingTable Create(RouteSet e) => new RoutingTable { Id = StreamId }.With(e);
    public void Apply(RouteSet e) => With(e);

    private RoutingTable With(RouteSet e) { Routes[e.Category] = e.DepartmentIds; return this; }

    public Guid[] DepartmentsFor(Category category) => Routes.GetValueOrDefault(category) ?? [];
}
