using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Staff;

/// <summary>
/// Replaces name, department, roles, phone (a blank phone clears it) and whether the person is
/// active (omitted: active). <c>active: false</c> deactivates them: their history stays, their
/// token is refused (see <see cref="Callers"/>).
/// </summary>
public sealed record StaffDetails(string? Name, Guid? DepartmentId, string[]? Roles, string? Phone, bool? Active)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .NotEmpty("departmentId", DepartmentId)
        .StaffRolesIn(Roles)
        .Optional("phone", Phone, Limits.Phone);
}

/// <summary><c>StaffMemberId</c>: Wolverine loads the <see cref="StaffMember"/> stream by it.</summary>
public sealed record ChangeStaff(Guid StaffMemberId, StaffDetails Details, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class ChangeStaffHandler
{
    public static async Task<(UpdatedAggregate, Events)> Handle(ChangeStaff cmd, StaffMember? staff, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (staff is null) throw Refusal.NotFound($"Staff member {cmd.StaffMemberId}");
        await References.EnsureDepartments(session, "departmentId", [cmd.Details.DepartmentId!.Value], ct);
        return (new UpdatedAggregate(), Decide(staff, cmd, clock.GetUtcNow()));
    }

    public static Events Decide(StaffMember staff, ChangeStaff cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, staff.Version, "Staff member");
        var d = cmd.Details;
        var changed = new StaffChanged(staff.Id, d.Name!.Trim(), d.DepartmentId!.Value, d.Roles!, d.Phone.Tidy(), cmd.By, now, d.Active ?? true);
        var same = changed.Name == staff.Name && changed.DepartmentId == staff.DepartmentId && changed.Phone == staff.Phone
            && changed.Roles.Order().SequenceEqual(staff.Roles.Order()) && changed.Active == staff.Active;
        return same ? [] : [changed];
    }
}

public static class ChangeStaffEndpoint
{
    public static ProblemDetails Validate(StaffDetails? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/staff/{id}", Name = "ChangeStaff"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<StaffMember> Put(Guid id, StaffDetails body, HttpContext http, IMessageBus bus)
    {
        var staff = await bus.InvokeAsync<StaffMember>(new ChangeStaff(id, body, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, staff, staff.Version);
    }
}
