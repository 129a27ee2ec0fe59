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

public sealed record ChangePrerequisitesInput(Guid[]? Prerequisites, string? Reason)
{
    public ProblemDetails Check() => new Validation().Count("prerequisites", Prerequisites ?? [], 0, 50)
        .Required("reason", Reason, Limits.ShortText).Result;
}

/// <summary>What a procedure needs first, replaced; open dues move to fit, each with the reason.</summary>
public sealed record ChangePrerequisites(Guid ProjectId, Guid ItemId, Guid[] Prerequisites, string Reason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class ChangePrerequisitesHandler
{
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ChangePrerequisites cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue)
    {
        var events = Decide(cmd, loaded, clock.GetUtcNow(), policy, catalogue.Value);
        return (new UpdatedAggregate(), events, ProcedureDeadline.For(cmd.ProjectId, events, policy));
    }

    public static Events Decide(ChangePrerequisites cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy, ApprovalsOptions catalogue)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(project);
        project.EnsureActive("change a procedure's prerequisites");
        var item = project.Item(cmd.ItemId);
        if (item.State == ProcedureState.Approved) throw Refusal.Conflict("The procedure is already approved.");
        var changed = new ProcedureItem
        {
            Id = item.Id, Kind = item.Kind, DepartmentId = item.DepartmentId, Prerequisites = cmd.Prerequisites.Distinct().ToList(),
            StandardWorkingDays = item.StandardWorkingDays, Due = item.Due, State = item.State,
        };
        var items = project.Checklist.With(changed);
        ChecklistRules.EnsureSound(items, item.Id, catalogue);
        var reason = cmd.Reason.Trim();
        Events events = [new ProcedurePrerequisitesChanged(item.Id, [.. changed.Prerequisites], reason, cmd.By.UserId, now)];
        events.AddRange(ChecklistRules.Rescheduled(items, project.PlannedStart(), policy.Calendar, reason, cmd.By.UserId, now));
        return events;
    }
}

public static class ChangePrerequisitesEndpoint
{
    public static ProblemDetails Validate(ChangePrerequisitesInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/checklist/{itemId}/prerequisites", Name = "ChangeProcedurePrerequisites"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<ChecklistView> Post(Guid id, Guid itemId, ChangePrerequisitesInput body, HttpContext http, IMessageBus bus, TimeProvider clock,
        DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue)
    {
        var project = await http.ActAsync(bus, caller => new ChangePrerequisites(id, itemId, body.Prerequisites ?? [], body.Reason!, caller));
        return ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value);
    }
}
