using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Escalations;

/// <summary>Every step on an escalation names who takes it and (from If-Match) the version they saw.</summary>
public abstract record EscalationCommand(Guid EscalationId, Guid By, int? ExpectedVersion);
public sealed record AcknowledgeEscalation(Guid EscalationId, Guid By, int? ExpectedVersion) : EscalationCommand(EscalationId, By, ExpectedVersion);
public sealed record DecisionInput(EscalationDecision? Decision, string? Note, Guid? ResponsibleDepartmentId, string? ResponsiblePerson);
public sealed record DecideEscalation(Guid EscalationId, DecisionInput Input, Guid By, int? ExpectedVersion) : EscalationCommand(EscalationId, By, ExpectedVersion);
public sealed record CloseEscalation(Guid EscalationId, Guid By, int? ExpectedVersion) : EscalationCommand(EscalationId, By, ExpectedVersion);

/// <summary>Only supervisors decide: acknowledge, record one decision, close. Each step an event.</summary>
[AggregateHandler]
public static class EscalationDecisionHandler
{
    public static (UpdatedAggregate, Events) Handle(AcknowledgeEscalation cmd, Escalation? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    public static (UpdatedAggregate, Events) Handle(DecideEscalation cmd, Escalation? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    public static (UpdatedAggregate, Events) Handle(CloseEscalation cmd, Escalation? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    public static Events Decide(AcknowledgeEscalation cmd, Escalation? loaded, DateTimeOffset now) =>
        Seen(loaded, cmd).Status == EscalationStatus.Open
            ? [new EscalationAcknowledged(cmd.EscalationId, cmd.By, now)]
            : throw Refusal.Conflict($"Only an open escalation can be acknowledged; this one is {loaded!.Status}.");

    public static Events Decide(DecideEscalation cmd, Escalation? loaded, DateTimeOffset now)
    {
        if (Seen(loaded, cmd).Status is not (EscalationStatus.Open or EscalationStatus.Acknowledged))
            throw Refusal.Conflict($"A decision is already recorded or the escalation is closed ({loaded!.Status}).");
        var i = cmd.Input;
        return [new EscalationDecided(cmd.EscalationId, i.Decision!.Value, i.Note!.Trim(), i.ResponsibleDepartmentId,
            i.ResponsiblePerson?.Trim(), cmd.By, now)];
    }

    public static Events Decide(CloseEscalation cmd, Escalation? loaded, DateTimeOffset now) =>
        Seen(loaded, cmd).Status == EscalationStatus.Decided
            ? [new EscalationClosed(cmd.EscalationId, cmd.By, now)]
            : throw Refusal.Conflict($"Record a decision before closing; this escalation is {loaded!.Status}.");

    /// <summary>The escalation as loaded (else 404) at the version its sender saw (else 412).</summary>
    private static Escalation Seen(Escalation? loaded, EscalationCommand cmd)
    {
        var escalation = loaded ?? throw Refusal.NotFound($"Escalation {cmd.EscalationId}");
        Preconditions.Expect(cmd.ExpectedVersion, escalation.Version, "The escalation");
        return escalation;
    }
}

public static class EscalationDecisionEndpoints
{
    [WolverinePost("/api/escalations/{id}/acknowledge", Name = "AcknowledgeEscalation"), RequiresIfMatch, Authorize(Roles = Roles.Supervisor), Tags("Escalations")]
    public static Task<EscalationView> Acknowledge(Guid id, HttpContext http, IMessageBus bus) =>
        Act(http, bus, new AcknowledgeEscalation(id, http.UserId(), http.ExpectedVersion()));

    [WolverinePost("/api/escalations/{id}/close", Name = "CloseEscalation"), RequiresIfMatch, Authorize(Roles = Roles.Supervisor), Tags("Escalations")]
    public static Task<EscalationView> Close(Guid id, HttpContext http, IMessageBus bus) =>
        Act(http, bus, new CloseEscalation(id, http.UserId(), http.ExpectedVersion()));

    /// <summary>The decision loads the escalation once and answers it as its events left it, with its new ETag.</summary>
    internal static async Task<EscalationView> Act(HttpContext http, IMessageBus bus, EscalationCommand command)
    {
        var escalation = await bus.InvokeAsync<Escalation>(command, http.RequestAborted);
        return Preconditions.Tag(http, EscalationView.Of(escalation), escalation.Version);
    }
}

/// <summary>Separate class: Wolverine.Http applies a class's Validate to every endpoint in it.</summary>
public static class DecideEscalationEndpoint
{
    public static ProblemDetails Validate(DecisionInput? body) => body is null ? Validation.NullBody : new Validation()
        .Defined("decision", body.Decision)
        .Required("note", body.Note, Limits.LongText)
        .When(body.Decision == EscalationDecision.Accountability && body.ResponsibleDepartmentId is null,
            "responsibleDepartmentId", "Accountability names the responsible department.")
        .When(body.Decision == EscalationDecision.Accountability && string.IsNullOrWhiteSpace(body.ResponsiblePerson),
            "responsiblePerson", "Accountability names the responsible person.")
        .Optional("responsiblePerson", body.ResponsiblePerson, Limits.Name).Result;

    [WolverinePost("/api/escalations/{id}/decision", Name = "DecideEscalation"), RequiresIfMatch, Authorize(Roles = Roles.Supervisor), Tags("Escalations")]
    public static async Task<EscalationView> Decide(Guid id, DecisionInput body, HttpContext http, IQuerySession session, IMessageBus bus)
    {
        if (body.ResponsibleDepartmentId is { } d && await session.LoadAsync<Department>(d, http.RequestAborted) is null)
            throw Refusal.Invalid("responsibleDepartmentId", $"No department {d}.");
        return await EscalationDecisionEndpoints.Act(http, bus, new DecideEscalation(id, body, http.UserId(), http.ExpectedVersion()));
    }
}
