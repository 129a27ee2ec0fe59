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

/// <summary>A pending document (容缺 material) as handed in: its name on the acceptance and where the department finds it (no file here).</summary>
public sealed record SubmittedDocument(string Name, string Reference, Guid By, DateTimeOffset At);

/// <summary>References to documents the 容缺受理 acceptance was waiting on; the promise is kept once every pending one has one.</summary>
public sealed record PendingDocumentsSubmitted(Guid ItemId, SubmittedDocument[] Documents, Guid By, DateTimeOffset At) : IDomainEvent
{
    Guid? IDomainEvent.Actor => By;
}

public sealed record DocumentReferenceInput(string? Name, string? Reference);

public sealed record SubmitPendingDocumentsInput(DocumentReferenceInput[]? Documents)
{
    public ProblemDetails Check()
    {
        var v = new Validation().Count("documents", Documents, 1, 20);
        for (var i = 0; i < (Documents?.Length ?? 0); i++)
        {
            if (Documents![i] is not { } d) { v.Add($"documents[{i}]", "A document is required."); continue; }
            v.Required($"documents[{i}].name", d.Name, Limits.Title).Required($"documents[{i}].reference", d.Reference, Limits.Reference);
        }
        return v.Result;
    }
}

public sealed record SubmitPendingDocuments(Guid ProjectId, Guid ItemId, DocumentReferenceInput[] Documents, Caller By) : ProjectCommand(ProjectId, By);

[AggregateHandler]
public static class SubmitPendingDocumentsHandler
{
    public static (UpdatedAggregate, Events) Handle(SubmitPendingDocuments cmd, Project? loaded, TimeProvider clock) =>
        (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow()));

    /// <summary>
    /// The lead enterprise's contacts (who made the promise) or the owning task force record which
    /// pending documents were handed in and where. Only while the procedure is accepted with
    /// documents pending, and only documents that acceptance named (its spelling is kept).
    /// </summary>
    public static Events Decide(SubmitPendingDocuments cmd, Project? loaded, DateTimeOffset now)
    {
        var project = loaded.SeenBy(cmd);
        if (!cmd.By.Is(Roles.Contact)) cmd.By.EnsureWorksOn(project);   // a contact who sees the project is the lead enterprise's
        project.EnsureActive("record pending documents");
        var item = project.Item(cmd.ItemId);
        if (item.State != ProcedureState.AcceptedPendingDocuments)
            throw Refusal.Conflict($"The procedure is {item.State}: no documents are pending.");
        var documents = new List<SubmittedDocument>();
        for (var i = 0; i < cmd.Documents.Length; i++)
        {
            var name = cmd.Documents[i].Name!.Trim();
            var pending = item.PendingDocuments.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase))
                ?? throw Refusal.Invalid($"documents[{i}].name", $"documents[{i}].name is not pending on this procedure; pending: {string.Join(", ", item.PendingDocuments)}.");
            if (documents.Any(d => d.Name == pending)) throw Refusal.Invalid($"documents[{i}].name", $"documents[{i}].name is given twice.");
            documents.Add(new SubmittedDocument(pending, cmd.Documents[i].Reference!.Trim(), cmd.By.UserId, now));
        }
        return [new PendingDocumentsSubmitted(item.Id, [.. documents], cmd.By.UserId, now)];
    }
}

public static class SubmitPendingDocumentsEndpoint
{
    public static ProblemDetails Validate(SubmitPendingDocumentsInput? body) => body is null ? Validation.NullBody : body.Check();

    [WolverinePost("/api/projects/{id}/checklist/{itemId}/documents", Name = "SubmitPendingDocuments"), RequiresIfMatch,
     Authorize(Roles = $"{Roles.Contact},{Roles.Staff},{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<ChecklistView> Post(Guid id, Guid itemId, SubmitPendingDocumentsInput body, HttpContext http, IMessageBus bus, TimeProvider clock,
        DeadlinePolicy policy, IOptions<ApprovalsOptions> catalogue)
    {
        var project = await http.ActAsync(bus, caller => new SubmitPendingDocuments(id, itemId, body.Documents!, caller));
        return ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value);
    }
}
