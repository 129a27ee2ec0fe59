using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Departments;

/// <summary>Bureaus are renamed in reorganisations; their id, tasks and routes stay.</summary>
public sealed record RenameDepartment(Guid DepartmentId, string Name, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class RenameDepartmentHandler
{
    public static async Task<(UpdatedAggregate, Events)> Handle(RenameDepartment cmd, Department? department, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        if (department is null) throw Refusal.NotFound($"Department {cmd.DepartmentId}");
        await DepartmentNames.EnsureFree(session, cmd.Name, except: department.Id, ct);
        return (new UpdatedAggregate(), Decide(department, cmd, clock.GetUtcNow()));
    }

    public static Events Decide(Department department, RenameDepartment cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, department.Version, "Department");
        return department.Name == cmd.Name ? [] : [new DepartmentRenamed(department.Id, cmd.Name, cmd.By, now)];
    }
}

public static class RenameDepartmentEndpoint
{
    public static ProblemDetails Validate(DepartmentInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/departments/{id}", Name = "RenameDepartment"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<Department> Put(Guid id, DepartmentInput body, HttpContext http, IMessageBus bus)
    {
        var department = await bus.InvokeAsync<Department>(new RenameDepartment(id, body.Name!.Trim(), http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, department, department.Version);
    }
}
