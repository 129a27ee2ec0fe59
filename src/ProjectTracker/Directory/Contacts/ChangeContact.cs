using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Directory.Contacts;

/// <summary>
/// Replaces a contact's details. <c>active: false</c> deactivates them: the person keeps their
/// history but their token no longer speaks for the enterprise (see <see cref="Caller"/>).
/// </summary>
public sealed record ContactDetails(string? Name, string? Phone, bool? Active)
{
    public Validation Check() => new Validation()
        .Required("name", Name, Limits.Name)
        .Optional("phone", Phone, Limits.Phone)
        .Required("active", Active);
}

public sealed record ChangeContact(Guid ContactId, ContactDetails Details, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class ChangeContactHandler
{
    public static (UpdatedAggregate, Events) Handle(ChangeContact cmd, Contact? contact, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(contact ?? throw Refusal.NotFound($"Contact {cmd.ContactId}"), cmd, clock.GetUtcNow()));

    public static Events Decide(Contact contact, ChangeContact cmd, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, contact.Version, "Contact");
        var changed = new ContactChanged(contact.Id, cmd.Details.Name!.Trim(), cmd.Details.Phone.Tidy(), cmd.Details.Active!.Value, cmd.By, now);
        var same = changed.Name == contact.Name && changed.Phone == contact.Phone && changed.Active == contact.Active;
        return same ? [] : [changed];
    }
}

public static class ChangeContactEndpoint
{
    public static ProblemDetails Validate(ContactDetails? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePut("/api/contacts/{id}", Name = "ChangeContact"), RequiresIfMatch, Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    public static async Task<Contact> Put(Guid id, ContactDetails body, HttpContext http, IMessageBus bus)
    {
        var contact = await bus.InvokeAsync<Contact>(new ChangeContact(id, body, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, contact, contact.Version);
    }
}
