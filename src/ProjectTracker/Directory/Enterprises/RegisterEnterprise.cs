using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Enterprises;

public sealed record EnterpriseInput(string? Name, string? CreditCode, bool? IsKey, Guid? SecretaryId, string? Industry, string? Address)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .Problem("creditCode", Directory.CreditCode.Problem(CreditCode))
        .Optional("industry", Industry, Limits.Name)
        .Optional("address", Address, Limits.ShortText)
        .When(SecretaryId == Guid.Empty, "secretaryId", "secretaryId must not be the empty id.");
}

public sealed record RegisterEnterprise(Guid EnterpriseId, EnterpriseInput Input, Guid By);

public static class RegisterEnterpriseHandler
{
    public static async Task<(Guid, IStartStream)> Handle(RegisterEnterprise cmd, IDocumentSession session, TimeProvider clock)
    {
        var code = CreditCode.Normalise(cmd.Input.CreditCode!);
        if (await session.Query<Enterprise>().AnyAsync(x => x.CreditCode == code))
            throw Refusal.Conflict($"An enterprise with credit code {code} is already registered.");
        await Secretaries.EnsureExists(session, cmd.Input.SecretaryId);
        var i = cmd.Input;
        var registered = new EnterpriseRegistered(cmd.EnterpriseId, i.Name!.Trim(), code, i.IsKey ?? false, i.SecretaryId,
            i.Industry?.Trim(), i.Address?.Trim(), cmd.By, clock.GetUtcNow());
        return (cmd.EnterpriseId, MartenOps.StartStream<Enterprise>(cmd.EnterpriseId, registered));
    }
}

public static class RegisterEnterpriseEndpoint
{
    public static ProblemDetails Validate(EnterpriseInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/enterprises", Name = "RegisterEnterprise"), Authorize(Roles = Roles.Admin), Tags("Directory")]
    public static async Task<Created<Enterprise>> Post(EnterpriseInput body, HttpContext http, IMessageBus bus, IQuerySession session)
    {
        var id = await bus.InvokeAsync<Guid>(new RegisterEnterprise(Guid.CreateVersion7(), body, http.UserId()), http.RequestAborted);
        return TypedResults.Created($"/api/enterprises/{id}", await session.LoadAsync<Enterprise>(id, http.RequestAborted));
    }
}
