using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Enterprises;

/// <summary>
/// The editable details. A PUT replaces all of them (a blank industry or address clears it); the
/// credit code is the enterprise's identity and never changes, the secretary has its own action.
/// </summary>
public sealed record EnterpriseDetails(string? Name, bool? IsKey, string? Industry, string? Address)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .Required("isKey", IsKey)
        .Optional("industry", Industry, Limits.Name)
        .Optional("address", Address, Limits.ShortText);
}

public sealed record ChangeEnterprise(Guid EnterpriseId, EnterpriseDetails Details, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class ChangeEnterpriseHandler
{
    public static (UpdatedAggregate, Events) Handle(ChangeEnterprise cmd, Enterprise? enterprise, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(enterprise ?? throw Refusal.NotFound($"Enterprise {cmd.EnterpriseId}"), cmd, clock.GetUtcNow()));

    /// <summary>Details that are already so append nothing: repeating a PUT is harmless.</summary>
    public static Events Decide(Enterprise enterprise, ChangeEnterprise cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, enterprise.Version, "Enterprise");
        var d = cmd.Details;
        var changed = new EnterpriseChanged(enterprise.Id, d.Name!.Trim(), d.IsKey!.Value, d.Industry.Tidy(), d.Address.Tidy(), cmd.By, now);
        var same = changed.Name == enterprise.Name && changed.IsKey == enterprise.IsKey
            && changed.Industry == enterprise.Industry && changed.Address == enterprise.Address;
        return same ? [] : [changed];
    }
}

public static class ChangeEnterpriseEndpoint
{
    public static ProblemDetails Validate(EnterpriseDetails? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/enterprises/{id}", Name = "ChangeEnterprise"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<Enterprise> Put(Guid id, EnterpriseDetails body, HttpContext http, IMessageBus bus)
    {
        var enterprise = await bus.InvokeAsync<Enterprise>(new ChangeEnterprise(id, body, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, enterprise, enterprise.Version);
    }
}
