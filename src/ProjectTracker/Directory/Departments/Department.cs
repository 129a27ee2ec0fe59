namespace ProjectTracker.Directory.Departments;

public sealed record DepartmentCreated(Guid DepartmentId, string Name, Guid By, DateTimeOffset At);
public sealed record DepartmentRenamed(Guid DepartmentId, string Name, Guid By, DateTimeOffset At);

/// <summary>A bureau of the zone, e.g. the Economic Development Bureau (经济发展局).</summary>
public sealed class Department
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";

    public static Department Create(DepartmentCreated e) => new() { Id = e.DepartmentId, Name = e.Name };
    public void Apply(DepartmentRenamed e) => Name = e.Name;
}
