using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Enterprises;

/// <summary>Who is the enterprise's secretary (秘书); null takes the assignment away.</summary>
public sealed record SecretaryChoice(Guid? SecretaryId)
{
    public Validation Check() => new Validation().When(SecretaryId == Guid.Empty, "secretaryId", "secretaryId must not be the empty id.");
}

public sealed record AssignSecretary(Guid EnterpriseId, Guid? SecretaryId, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class AssignSecretaryHandler
{
    public static async Task<(UpdatedAggregate, Events)> Handle(AssignSecretary cmd, Enterprise? enterprise, IDocumentSession session, TimeProvider clock)
    {
        if (enterprise is null) throw Refusal.NotFound($"Enterprise {cmd.EnterpriseId}");
        await Secretaries.EnsureExists(session, cmd.SecretaryId);
        return (new UpdatedAggregate(), Decide(enterprise, cmd, clock.GetUtcNow()));
    }

    /// <summary>Reassigning the same secretary is not an event: their queue does not change.</summary>
    public static Events Decide(Enterprise enterprise, AssignSecretary cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, enterprise.Version, "Enterprise");
        return enterprise.SecretaryId == cmd.SecretaryId ? [] : [new SecretaryAssigned(enterprise.Id, cmd.SecretaryId, cmd.By, now)];
    }
}

public static class AssignSecretaryEndpoint
{
    public static ProblemDetails Validate(SecretaryChoice? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/enterprises/{id}/secretary", Name = "AssignSecretary"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<Enterprise> Put(Guid id, SecretaryChoice body, HttpContext http, IMessageBus bus)
    {
        var enterprise = await bus.InvokeAsync<Enterprise>(new AssignSecretary(id, body.SecretaryId, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, enterprise, enterprise.Version);
    }
}
