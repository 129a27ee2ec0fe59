using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.TaskForces;

/// <summary>Replaces name, lead, members and departments; the kind of a task force does not change.</summary>
public sealed record TaskForceDetails(string? Name, Guid? LeadId, Guid[]? MemberIds, Guid[]? DepartmentIds)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .Membership(LeadId, MemberIds, DepartmentIds);
}

public sealed record ChangeTaskForce(Guid TaskForceId, TaskForceDetails Details, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class ChangeTaskForceHandler
{
    public static async Task<(UpdatedAggregate, Events)> Handle(ChangeTaskForce cmd, TaskForce? taskForce, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        if (taskForce is null) throw Refusal.NotFound($"Task force {cmd.TaskForceId}");
        var d = cmd.Details;
        await TaskForceMembers.EnsureExist(session, d.LeadId!.Value, d.MemberIds ?? [], d.DepartmentIds ?? [], ct);
        return (new UpdatedAggregate(), Decide(taskForce, cmd, clock.GetUtcNow()));
    }

    public static Events Decide(TaskForce taskForce, ChangeTaskForce cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, taskForce.Version, "Task force");
        var d = cmd.Details;
        var changed = new TaskForceChanged(taskForce.Id, d.Name!.Trim(), d.LeadId!.Value, [.. (d.MemberIds ?? []).Distinct()],
            [.. (d.DepartmentIds ?? []).Distinct()], cmd.By, now);
        var same = changed.Name == taskForce.Name && changed.LeadId == taskForce.LeadId
            && changed.MemberIds.Order().SequenceEqual(taskForce.MemberIds.Order())
            && changed.DepartmentIds.Order().SequenceEqual(taskForce.DepartmentIds.Order());
        return same ? [] : [changed];
    }
}

public static class ChangeTaskForceEndpoint
{
    public static ProblemDetails Validate(TaskForceDetails? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/task-forces/{id}", Name = "ChangeTaskForce"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<TaskForce> Put(Guid id, TaskForceDetails body, HttpContext http, IMessageBus bus)
    {
        var taskForce = await bus.InvokeAsync<TaskForce>(new ChangeTaskForce(id, body, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, taskForce, taskForce.Version);
    }
}
