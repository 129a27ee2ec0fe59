using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Approvals;

public sealed record AddProcedureInput(string? Kind, Guid? DepartmentId, Guid[]? Prerequisites)
{
    public ProblemDetails Check() => new Validation().Required("kind", Kind, Limits.Name).NotEmpty("departmentId", DepartmentId)
        .Count("prerequisites", Prerequisites ?? [], 0, 50).Result;
}

/// <summary>A procedure onto the checklist; its due is back-scheduled, and those of its prerequisites move if it binds them.</summary>
public sealed record AddProcedure(Guid ProjectId, Guid ItemId, string Kind, Guid DepartmentId, Guid[] Prerequisites, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class AddProcedureHandler
{
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(AddProcedure cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue)
    {
        var events = Decide(cmd, loaded, clock.GetUtcNow(), policy, catalogue.Value);
        return (new UpdatedAggregate(), events, ProcedureDeadline.For(cmd.ProjectId, events, policy));
    }

    public static Events Decide(AddProcedure cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy, ApprovalsOptions catalogue)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(project);
        project.EnsureActive("add a procedure");
        var start = project.PlannedStart();
        var item = new ProcedureItem
        {
            Id = cmd.ItemId, Kind = cmd.Kind, DepartmentId = cmd.DepartmentId, Prerequisites = cmd.Prerequisites.Distinct().ToList(),
        };
        var items = project.Checklist.With(item);
        ChecklistRules.EnsureSound(items, item.Id, catalogue);
        var kind = catalogue.Find(cmd.Kind)
            ?? throw Refusal.Invalid("kind", $"kind is not in the catalogue; expected one of {string.Join(", ", catalogue.Kinds.Keys)}.");
        item.Kind = kind;
        item.StandardWorkingDays = catalogue.Kinds[kind].StandardWorkingDays;
        var due = BackSchedule.Dues(items, start, policy.Calendar)[item.Id];
        Events events = [new ProcedureAdded(item.Id, kind, item.DepartmentId, [.. item.Prerequisites], item.StandardWorkingDays, due, cmd.By.UserId, now)];
        events.AddRange(ChecklistRules.Rescheduled(items, start, policy.Calendar,
            $"{ChecklistRules.Describe(item, catalogue)} added, needing it", cmd.By.UserId, now, skip: item.Id));
        return events;
    }
}

public static class AddProcedureEndpoint
{
    public static ProblemDetails Validate(AddProcedureInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/checklist", Name = "AddProcedure"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<ChecklistView> Post(Guid id, AddProcedureInput body, HttpContext http, IMessageBus bus, TimeProvider clock,
        DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue, IQuerySession session)
    {
        if (await session.LoadAsync<Directory.Departments.Department>(body.DepartmentId!.Value, http.RequestAborted) is null)
            throw Refusal.Invalid("departmentId", "departmentId names no department.");
        var project = await http.ActAsync(bus, caller => new AddProcedure(id, Guid.CreateVersion7(), body.Kind!, body.DepartmentId!.Value, body.Prerequisites ?? [], caller));
        return ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value);
    }
}
