using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
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

/// <summary>Filed by the contact whose token it is; the directory says for which enterprise.</summary>
public sealed record FileRequest(Guid RequestId, Guid ContactId, FileRequestInput Input);

public static class FileRequestHandler
{
    public static async Task<(Request, IStartStream)> Handle(FileRequest cmd, IDocumentSession session, FilingDirectory directory,
        RequestNumbers numbers, TimeProvider clock, DeadlinePolicy policy, CancellationToken ct)
    {
        var (contact, enterprise, routing) = await directory.ForContactAsync(session, cmd.ContactId, ct);
        var project = cmd.Input.ProjectId is { } p ? await session.LoadAsync<Project>(p, ct) : null;
        var number = await numbers.NextAsync(ct);

        var filed = Decide(cmd, contact, enterprise, project, routing, number, clock.GetUtcNow(), policy);
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
        RoutingTable? routing, long number, DateTimeOffset now, DeadlinePolicy policy)
    {
        if (contact is not { Active: true } || enterprise is null)
            throw ApiProblem.Forbidden("Only a registered, active enterprise contact may file requests.");
        var i = cmd.Input;
        if (i.ProjectId is { } projectId && project?.LeadEnterpriseId != enterprise.Id)
            throw ApiProblem.Invalid("projectId", $"No project {projectId} of your enterprise.");
        return new RequestFiled(cmd.RequestId, RequestNumbers.Format(number, now), enterprise.Id, cmd.ContactId, i.Category!.Value,
            i.Title!.Trim(), i.Description!.Trim(), i.ProjectId, i.Attachments ?? [],
            enterprise.IsKey ? enterprise.SecretaryId : null, routing?.DepartmentsFor(i.Category.Value) ?? [],
            now, policy.DispatchDue(now), policy.ResolutionDue(now), policy.DispatchAtRisk(now), policy.ResolutionAtRisk(now));
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
    /// is derived from (contact, key): a retry finds the first request and appends nothing.
    /// </summary>
    [WolverinePost("/api/requests", Name = "FileRequest"), Authorize(Roles = Roles.Contact), Tags("Requests")]
    [ProducesResponseType<Request>(201), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403)]
    public static async Task<IResult> Post(FileRequestInput body, HttpContext http, IQuerySession session, IMessageBus bus)
    {
        var ct = http.RequestAborted;
        var contactId = http.UserId();
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var id = string.IsNullOrWhiteSpace(key) ? Guid.CreateVersion7() : StableId.From("filing", contactId, key);
        if (key is not null && await session.LoadAsync<Request>(id, ct) is { } first) return Created(first);
        try
        {
            return Created(await bus.InvokeAsync<Request>(new FileRequest(id, contactId, body), ct));
        }
        catch (ExistingStreamIdCollisionException) when (key is not null)
        {
            // The same key raced in concurrently; the first one won.
            return Created((await session.LoadAsync<Request>(id, ct))!);
        }
    }

    private static IResult Created(Request r) => TypedResults.Created($"/api/requests/{r.Id}", r);
}
