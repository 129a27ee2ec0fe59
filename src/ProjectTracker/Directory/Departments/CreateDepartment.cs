using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Departments;

public sealed record DepartmentInput(string? Name)
{
    public Validation Check() => new Validation().Required("name", Name, Limits.Name);
}

public sealed record CreateDepartment(Guid DepartmentId, string Name, Guid By);

public static class CreateDepartmentHandler
{
    public static async Task<(Guid, IStartStream)> Handle(CreateDepartment cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        await DepartmentNames.EnsureFree(session, cmd.Name, except: null, ct);
        var created = new DepartmentCreated(cmd.DepartmentId, cmd.Name, cmd.By, clock.GetUtcNow());
        return (cmd.DepartmentId, MartenOps.StartStream<Department>(cmd.DepartmentId, created));
    }
}

/// <summary>Two bureaus with one name would make the dispatcher's choice a guess.</summary>
public static class DepartmentNames
{
    public static async Task EnsureFree(IQuerySession session, string name, Guid? except, CancellationToken ct)
    {
        if (await session.Query<Department>().AnyAsync(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && d.Id != except, ct))
            throw Refusal.Conflict($"A department named '{name}' already exists.");
    }
}

public static class CreateDepartmentEndpoint
{
    public static ProblemDetails Validate(DepartmentInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/departments", Name = "CreateDepartment"), Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    [ProducesResponseType<ProblemDetails>(409)]
    public static async Task<Created<Department>> Post(DepartmentInput body, HttpContext http, IMessageBus bus, IQuerySession session)
    {
        var id = await bus.InvokeAsync<Guid>(new CreateDepartment(Guid.CreateVersion7(), body.Name!.Trim(), http.UserId()), http.RequestAborted);
        return TypedResults.Created($"/api/departments/{id}", await session.LoadAsync<Department>(id, http.RequestAborted));
    }
}
