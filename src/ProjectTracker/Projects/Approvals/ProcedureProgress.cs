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

// A procedure's way through its department: not applied → applied (or accepted with documents
// pending, 容缺受理) → approved; a rejection sends it back to not applied with the reason.
// The four decisions share their first checks, so they read together here.

public sealed record AcceptPendingInput(string[]? PendingDocuments, DateOnly? PromisedBy)
{
    public ProblemDetails Check()
    {
        var v = new Validation().Count("pendingDocuments", PendingDocuments ?? [], 1, 20).Date("promisedBy", PromisedBy);
        foreach (var d in PendingDocuments ?? []) v.Required("pendingDocuments", d, Limits.Title);
        return v.Result;
    }
}
public sealed record RejectInput(string? Reason)
{
    public ProblemDetails Check() => new Validation().Required("reason", Reason, Limits.ShortText).Result;
}

public sealed record ApplyForProcedure(Guid ProjectId, Guid ItemId, Caller By) : ProjectCommand(ProjectId, By);
public sealed record AcceptPendingDocuments(Guid ProjectId, Guid ItemId, string[] PendingDocuments, DateOnly PromisedBy, Caller By) : ProjectCommand(ProjectId, By);
public sealed record ApproveProcedure(Guid ProjectId, Guid ItemId, Caller By) : ProjectCommand(ProjectId, By);
public sealed record RejectProcedure(Guid ProjectId, Guid ItemId, string Reason, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class ApplyForProcedureHandler
{
    public static (UpdatedAggregate, Events) Handle(ApplyForProcedure cmd, Project? loaded, TimeProvider clock) => (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    public static Events Decide(ApplyForProcedure cmd, Project? loaded, DateTimeOffset now)
    {
        var item = ProcedureProgress.Open(loaded, cmd, cmd.ItemId, "apply for a procedure");
        if (item.State != ProcedureState.NotApplied) throw Refusal.Conflict($"The procedure is already {item.State}.");
        return [new ProcedureApplied(item.Id, cmd.By.UserId, now)];
    }
}

[AggregateHandler]
public static class AcceptPendingDocumentsHandler
{
    /// <summary>The promise gets its deadline: the end of the promised day (<see cref="DocumentsPromiseDeadline"/>).</summary>
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(AcceptPendingDocuments cmd, Project? loaded, TimeProvider clock, DeadlinePolicy policy)
    {
        var events = Decide(cmd, loaded, clock.GetUtcNow(), policy);
        return (new UpdatedAggregate(), events, DocumentsPromiseDeadline.For(cmd.ProjectId, events, policy));
    }

    public static Events Decide(AcceptPendingDocuments cmd, Project? loaded, DateTimeOffset now, DeadlinePolicy policy)
    {
        var item = ProcedureProgress.Open(loaded, cmd, cmd.ItemId, "accept a procedure");
        if (item.State is not (ProcedureState.NotApplied or ProcedureState.Applied)) throw Refusal.Conflict($"The procedure is already {item.State}.");
        policy.PlanDue(cmd.PromisedBy, now, "promisedBy");   // a promise is about a day not yet ended
        return [new ProcedureAcceptedPendingDocuments(item.Id, [.. cmd.PendingDocuments.Select(d => d.Trim())], cmd.PromisedBy, cmd.By.UserId, now)];
    }
}

[AggregateHandler]
public static class ApproveProcedureHandler
{
    public static (UpdatedAggregate, Events) Handle(ApproveProcedure cmd, Project? loaded, TimeProvider clock) => (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>Approval needs an application (or an acceptance) and every prerequisite approved first.</summary>
    public static Events Decide(ApproveProcedure cmd, Project? loaded, DateTimeOffset now)
    {
        var item = ProcedureProgress.Open(loaded, cmd, cmd.ItemId, "approve a procedure");
        if (item.State == ProcedureState.NotApplied) throw Refusal.Conflict("The procedure has not been applied for.");
        var open = item.Prerequisites.Where(p => loaded!.Procedure(p)?.Open ?? false).ToList();
        if (open.Count > 0)
            throw Refusal.Conflict($"prerequisites not approved yet: {string.Join(", ", open)}.", field: "prerequisites");
        return [new ProcedureApproved(item.Id, cmd.By.UserId, now)];
    }
}

[AggregateHandler]
public static class RejectProcedureHandler
{
    public static (UpdatedAggregate, Events) Handle(RejectProcedure cmd, Project? loaded, TimeProvider clock) => (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    public static Events Decide(RejectProcedure cmd, Project? loaded, DateTimeOffset now)
    {
        var item = ProcedureProgress.Open(loaded, cmd, cmd.ItemId, "reject a procedure");
        if (item.State == ProcedureState.NotApplied) throw Refusal.Conflict("The procedure has not been applied for.");
        return [new ProcedureRejected(item.Id, cmd.Reason.Trim(), cmd.By.UserId, now)];
    }
}

public static class ProcedureProgress
{
    /// <summary>The procedure, if the caller works on the active project and it is not approved yet.</summary>
    public static ProcedureItem Open(Project? loaded, ProjectCommand cmd, Guid itemId, string action)
    {
        var project = loaded.SeenBy(cmd);
        cmd.By.EnsureWorksOn(project);
        project.EnsureActive(action);
        var item = project.Item(itemId);
        return item.Open ? item : throw Refusal.Conflict("The procedure is already approved.");
    }
}

public static class ProcedureProgressEndpoints
{
    private const string Actors = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}";

    [WolverinePost("/api/projects/{id}/checklist/{itemId}/apply", Name = "ApplyForProcedure"), RequiresIfMatch, Authorize(Roles = Actors), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static Task<ChecklistView> Apply(Guid id, Guid itemId, HttpContext http, IMessageBus bus, TimeProvider clock, DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue) =>
        Act(http, bus, clock, policy, catalogue, caller => new ApplyForProcedure(id, itemId, caller));

    [WolverinePost("/api/projects/{id}/checklist/{itemId}/approve", Name = "ApproveProcedure"), RequiresIfMatch, Authorize(Roles = Actors), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static Task<ChecklistView> Approve(Guid id, Guid itemId, HttpContext http, IMessageBus bus, TimeProvider clock, DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue) =>
        Act(http, bus, clock, policy, catalogue, caller => new ApproveProcedure(id, itemId, caller));

    private static async Task<ChecklistView> Act(HttpContext http, IMessageBus bus, TimeProvider clock, DeadlinePolicy policy,
        IOptions<ApprovalsOptions> catalogue, Func<Caller, ProjectCommand> command)
    {
        var project = await http.ActAsync(bus, command);
        return ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value);
    }
}

public static class AcceptPendingDocumentsEndpoint
{
    public static ProblemDetails Validate(AcceptPendingInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/checklist/{itemId}/accept", Name = "AcceptProcedurePendingDocuments"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<ChecklistView> Post(Guid id, Guid itemId, AcceptPendingInput body, HttpContext http, IMessageBus bus, TimeProvider clock,
        DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue)
    {
        var project = await http.ActAsync(bus, caller => new AcceptPendingDocuments(id, itemId, body.PendingDocuments!, body.PromisedBy!.Value, caller));
        return ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value);
    }
}

public static class RejectProcedureEndpoint
{
    public static ProblemDetails Validate(RejectInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/checklist/{itemId}/reject", Name = "RejectProcedure"), RequiresIfMatch, Authorize(Roles = $"{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<ChecklistView> Post(Guid id, Guid itemId, RejectInput body, HttpContext http, IMessageBus bus, TimeProvider clock,
        DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue)
    {
        var project = await http.ActAsync(bus, caller => new RejectProcedure(id, itemId, body.Reason!, caller));
        return ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value);
    }
}
