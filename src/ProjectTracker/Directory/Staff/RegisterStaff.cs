using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Staff;

/// <summary>
/// A person in a department. <c>userId</c> is the subject of their token at the identity
/// provider: the staff member's id is that subject, which is how a token finds its department.
/// </summary>
public sealed record StaffInput(string? Name, Guid? DepartmentId, string[]? Roles, string? Phone, Guid? UserId)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .NotEmpty("departmentId", DepartmentId)
        .StaffRolesIn(Roles)
        .Optional("phone", Phone, Limits.Phone)
        .When(UserId == Guid.Empty, "userId", "userId must not be the empty id.");
}

public sealed record RegisterStaff(Guid StaffId, StaffInput Input, Guid By);

public static class RegisterStaffHandler
{
    public static async Task<(StaffMember, IStartStream)> Handle(RegisterStaff cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var i = cmd.Input;
        await References.EnsureDepartments(session, "departmentId", [i.DepartmentId!.Value], ct);
        await References.EnsureUnused(session, "userId", cmd.StaffId, ct);
        var registered = new StaffRegistered(cmd.StaffId, i.Name!.Trim(), i.DepartmentId.Value, i.Roles!, i.Phone.Tidy(), cmd.By, clock.GetUtcNow());
        // The answer is the new stream's state as its first event makes it: no read after the write.
        var staffMember = StaffMember.Create(registered);
        staffMember.Version = 1;
        return (staffMember, MartenOps.StartStream<StaffMember>(cmd.StaffId, registered));
    }
}

public static class RegisterStaffEndpoint
{
    public static ProblemDetails Validate(StaffInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/staff", Name = "RegisterStaff"), Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    [ProducesResponseType<ProblemDetails>(409)]
    public static async Task<Created<StaffMember>> Post(StaffInput body, HttpContext http, IMessageBus bus)
    {
        var staffMember = await bus.InvokeAsync<StaffMember>(new RegisterStaff(body.UserId ?? Guid.CreateVersion7(), body, http.UserId()), http.RequestAborted);
        return TypedResults.Created($"/api/staff/{staffMember.Id}", staffMember);
    }
}
