using ProjectTracker.Access;
namespace ProjectTracker.Directory.Staff;

public sealed record StaffRegistered(Guid StaffId, string Name, Guid DepartmentId, string[] Roles, string? Phone, Guid By, DateTimeOffset At);
/// <summary><c>Active</c> last, with a default: changes recorded before staff could be deactivated read as active.</summary>
public sealed record StaffChanged(Guid StaffId, string Name, Guid DepartmentId, string[] Roles, string? Phone, Guid By, DateTimeOffset At,
    bool Active = true);

/// <summary>A person in a department (部门); task-force membership lives on the task force.</summary>
public sealed class StaffMember
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public Guid DepartmentId { get; set; }
    public string[] Roles { get; set; } = [];
    public string? Phone { get; set; }
    /// <summary>A deactivated staff member keeps their history, but their token is refused (401).</summary>
    public bool Active { get; set; } = true;

    public static StaffMember Create(StaffRegistered e) =>
        new() { Id = e.StaffId, Name = e.Name, DepartmentId = e.DepartmentId, Roles = e.Roles, Phone = e.Phone };

    public void Apply(StaffChanged e) { Name = e.Name; DepartmentId = e.DepartmentId; Roles = e.Roles; Phone = e.Phone; Active = e.Active; }
}
