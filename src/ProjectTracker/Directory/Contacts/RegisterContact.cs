using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Contacts;

/// <summary>
/// A new contact for an enterprise. <c>userId</c> is the subject of the person's token at the
/// identity provider; the contact's id is that subject, which is how a token finds its enterprise.
/// Without it a new id is made (and tokens are minted for it, e.g. in development).
/// </summary>
public sealed record ContactInput(string? Name, string? Phone, Guid? UserId)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .Optional("phone", Phone, Limits.Phone)
        .When(UserId == Guid.Empty, "userId", "userId must not be the empty id.");
}

public sealed record RegisterContact(Guid ContactId, Guid EnterpriseId, ContactInput Input, Guid By);

public static class RegisterContactHandler
{
    public static async Task<(Guid, IStartStream)> Handle(RegisterContact cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Enterprise>(cmd.EnterpriseId, ct) is null) throw Refusal.NotFound($"Enterprise {cmd.EnterpriseId}");
        await References.EnsureUnused(session, "userId", cmd.ContactId, ct);
        var registered = new ContactRegistered(cmd.ContactId, cmd.EnterpriseId, cmd.Input.Name!.Trim(), cmd.Input.Phone.Tidy(), cmd.By, clock.GetUtcNow());
        return (cmd.ContactId, MartenOps.StartStream<Contact>(cmd.ContactId, registered));
    }
}

public static class RegisterContactEndpoint
{
    public static ProblemDetails Validate(ContactInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/enterprises/{id}/contacts", Name = "RegisterContact"), Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    [ProducesResponseType<ProblemDetails>(409)]
    public static async Task<Created<Contact>> Post(Guid id, ContactInput body, HttpContext http, IMessageBus bus, IQuerySession session)
    {
        var contactId = await bus.InvokeAsync<Guid>(new RegisterContact(body.UserId ?? Guid.CreateVersion7(), id, body, http.UserId()), http.RequestAborted);
        return TypedResults.Created($"/api/contacts/{contactId}", await session.LoadAsync<Contact>(contactId, http.RequestAborted));
    }
}
