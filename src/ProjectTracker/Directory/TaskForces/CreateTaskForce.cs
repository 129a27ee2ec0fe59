using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.TaskForces;

/// <summary>A thematic task force works a kind of problem; a project task force follows one key project.</summary>
public sealed record TaskForceInput(string? Name, TaskForceKind? Kind, Guid? LeadId, Guid[]? MemberIds, Guid[]? DepartmentIds)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .Defined("kind", Kind)
        .Membership(LeadId, MemberIds, DepartmentIds);
}

public sealed record CreateTaskForce(Guid TaskForceId, TaskForceInput Input, Guid By);

public static class CreateTaskForceHandler
{
    public static async Task<(TaskForce, IStartStream)> Handle(CreateTaskForce cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var i = cmd.Input;
        Guid[] members = [.. (i.MemberIds ?? []).Distinct()], departments = [.. (i.DepartmentIds ?? []).Distinct()];
        await TaskForceMembers.EnsureExist(session, i.LeadId!.Value, members, departments, ct);
        var created = new TaskForceCreated(cmd.TaskForceId, i.Name!.Trim(), i.Kind!.Value, i.LeadId.Value, members, departments, cmd.By, clock.GetUtcNow());
        // The answer is the new stream's state as its first event makes it: no read after the write.
        var taskForce = TaskForce.Create(created);
        taskForce.Version = 1;
        return (taskForce, MartenOps.StartStream<TaskForce>(cmd.TaskForceId, created));
    }
}

public static class CreateTaskForceEndpoint
{
    public static ProblemDetails Validate(TaskForceInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/task-forces", Name = "CreateTaskForce"), Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<Created<TaskForce>> Post(TaskForceInput body, HttpContext http, IMessageBus bus)
    {
        var taskForce = await bus.InvokeAsync<TaskForce>(new CreateTaskForce(Guid.CreateVersion7(), body, http.UserId()), http.RequestAborted);
        return TypedResults.Created($"/api/task-forces/{taskForce.Id}", taskForce);
    }
}
