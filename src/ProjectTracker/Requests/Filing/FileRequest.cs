using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Requests.Filing;

public sealed record FileRequestInput(Category? Category, string? Title, string? Description, Guid? ProjectId, string[]? Attachments)
{
    public Validation Check() => new Validation()
        .Defined("category", Category)
        .Required("title", Title, Limits.Title)
        .Required("description", Description, Limits.LongText)
        .When(ProjectId == Guid.Empty, "projectId", "projectId must not be the empty id.")
        .Count("attachments", Attachments, 0, 20)
        .When(Attachments?.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > Limits.Reference) == true,
            "attachments", $"Each attachment reference is 1 to {Limits.Reference} characters.");
}

/// <summary>
/// Filed by the contact whose token it is; the directory says for which enterprise. Filed under
/// an Idempotency-Key, it keeps a fingerprint of what was filed, so the key cannot be reused for another request.
/// </summary>
public sealed record FileRequest(Guid RequestId, Guid ContactId, FileRequestInput Input, string? Fingerprint = null);

public static class FileRequestHandler
{
    public static async Task<(Request, IStartStream)> Handle(FileRequest cmd, IDocumentSession session, FilingDirectory directory,
        RequestNumbers numbers, TimeProvider clock, DeadlinePolicy policy, CancellationToken ct)
    {
        var (contact, enterprise, routing) = await directory.ForContactAsync(session, cmd.ContactId, ct);
        var project = cmd.Input.ProjectId is { } p ? await session.LoadAsync<Project>(p, ct) : null;
        var now = clock.GetUtcNow();

        var filed = Decide(cmd, contact, enterprise, project, routing, now, policy);
        // Numbered once the decision stands, so a refused filing uses no number.
        filed = filed with { Number = RequestNumbers.Format(await numbers.NextAsync(ct), now) };
        var request = Request.Create(filed);
        request.Version = 1;
        return (request, MartenOps.StartStream<Request>(filed.RequestId, filed));
    }

    /// <summary>
    /// Only an active contact files, for their own enterprise and its own projects (any other
    /// project id reads as unknown, revealing nothing). A key enterprise's request goes to its
    /// secretary, others to the dispatch desk; both clocks start now (their due times are the
    /// deadlines: Overdue/SweepDeadlines.cs).
    /// </summary>
    public static RequestFiled Decide(FileRequest cmd, Contact? contact, Enterprise? enterprise, Project? project,
        RoutingTable? routing, DateTimeOffset now, DeadlinePolicy policy)
    {
        if (contact is not { Active: true } || enterprise is null)
            throw Refusal.Forbidden("Only a registered, active enterprise contact may file requests.");
        var i = cmd.Input;
        if (i.ProjectId is { } projectId && project?.LeadEnterpriseId != enterprise.Id)
            throw Refusal.Invalid("projectId", $"No project {projectId} of your enterprise.");
        return new RequestFiled(cmd.RequestId, "", enterprise.Id, cmd.ContactId, i.Category!.Value,
            i.Title!.Trim(), i.Description!.Trim(), i.ProjectId, i.Attachments ?? [],
            enterprise.IsKey ? enterprise.SecretaryId : null, routing?.DepartmentsFor(i.Category.Value) ?? [],
            now, policy.DispatchDue(now), policy.ResolutionDue(now), policy.DispatchAtRisk(now), policy.ResolutionAtRisk(now), cmd.Fingerprint);
    }
}

public static class FileRequestEndpoint
{
    public const int IdempotencyKeyMaxLength = 100;

    public static ProblemDetails Validate(FileRequestInput? body, HttpContext http) =>
        body is null ? Validation.NullBody
        : body.Check().Optional("Idempotency-Key", http.Request.Headers["Idempotency-Key"].FirstOrDefault(), IdempotencyKeyMaxLength).Result;

    /// <summary>
    /// Files a request for the caller's enterprise. With an Idempotency-Key header the request id
    /// is derived from (contact, key): a retry finds the first request and answers it as the first
    /// time (201), appending nothing; the same key with another body is a 422 naming the header.
    /// </summary>
    [WolverinePost("/api/requests", Name = "FileRequest"), Authorize(Roles = Roles.Contact), Tags("Requests")]
    [ProducesResponseType<RequestView>(201), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Post(FileRequestInput body, [FromHeader(Name = "Idempotency-Key")] string? key, HttpContext http,
        IQuerySession session, IMessageBus bus, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        IResult Created(Request r) => TypedResults.Created($"/api/requests/{r.Id}", RequestView.Of(r, clock.GetUtcNow()));
        var contactId = http.UserId();
        var id = string.IsNullOrWhiteSpace(key) ? Guid.CreateVersion7() : StableId.From("filing", contactId, key);
        var fingerprint = key is null ? null : Fingerprint(body);
        if (key is not null && await session.LoadAsync<Request>(id, ct) is { } first) return Created(Replay(first, fingerprint));
        try
        {
            return Created(await bus.InvokeAsync<Request>(new FileRequest(id, contactId, body, fingerprint), ct));
        }
        catch (ExistingStreamIdCollisionException) when (key is not null)
        {
            // The same key raced in concurrently; the first one won.
            return Created(Replay((await session.LoadAsync<Request>(id, ct))!, fingerprint));
        }
    }

    /// <summary>The first filing under this key, if the retry carries what it carried.</summary>
    private static Request Replay(Request first, string? fingerprint) => first.FilingFingerprint == fingerprint
        ? first
        : throw new ApiProblem(422, "Idempotency key reused",
            $"This Idempotency-Key already filed request {first.Number} with other content; use a new key for a new request.", "Idempotency-Key");

    /// <summary>What was filed, as a hash: the same body (as read) gives the same fingerprint.</summary>
    public static string Fingerprint(FileRequestInput body) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body)));
}
