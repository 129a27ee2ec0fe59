namespace ProjectTracker.Directory.TaskForces;

public enum TaskForceKind { Thematic, Project }

public sealed record TaskForceCreated(Guid TaskForceId, string Name, TaskForceKind Kind, Guid LeadId, Guid[] MemberIds,
    Guid[] DepartmentIds, Guid By, DateTimeOffset At);
public sealed record TaskForceChanged(Guid TaskForceId, string Name, Guid LeadId, Guid[] MemberIds, Guid[] DepartmentIds,
    Guid By, DateTimeOffset At);

/// <summary>
/// A task force (专班): a zone leader as lead, staff from several departments as members. The
/// zone runs about 10 thematic and 33 key-project task forces.
/// </summary>
public sealed class TaskForce
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public TaskForceKind Kind { get; set; }
    public Guid LeadId { get; set; }
    public Guid[] MemberIds { get; set; } = [];
    public Guid[] DepartmentIds { get; set; } = [];

    public static TaskForce Create(TaskForceCreated e) => new()
    {
        Id = e.TaskForceId, Name = e.Name, Kind = e.Kind, LeadId = e.LeadId, MemberIds = e.MemberIds, DepartmentIds = e.DepartmentIds,
    };

    public void Apply(TaskForceChanged e) { Name = e.Name; LeadId = e.LeadId; MemberIds = e.MemberIds; DepartmentIds = e.DepartmentIds; }
}
