using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Deadlines;
using ProjectTracker.Requests;
using Wolverine.Http;

namespace ProjectTracker.Projects.Reading;

/// <summary>One project event: what happened, who did it (null for the system), when.</summary>
public sealed record ProjectEventEntry(long Version, string Event, Guid? By, DateTimeOffset At, object Data);
/// <summary>A request (诉求) filed about the project, as far as the project's readers need it.</summary>
public sealed record LinkedRequest(Guid Id, string Number, string Title, RequestStatus Status, DateTimeOffset FiledAt, DateTimeOffset? AnsweredAt);
/// <summary>Procedures (the approvals checklist) stand beside the milestones; their events are in Events with the rest of the stream.</summary>
public sealed record ProjectTimeline(Guid ProjectId, string Name, IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<ProjectEventEntry> Events, IReadOnlyList<LinkedRequest> Requests, IReadOnlyList<Approvals.ProcedureView> Procedures);

public static class ProjectTimelineEndpoint
{
    /// <summary>
    /// The project's own stream beside the requests that name it, each only if the caller may see
    /// that request itself (<see cref="RequestAccess.CanSee"/>): seeing the project does not reveal
    /// a request that <c>GET /api/requests/{id}</c> would answer 404.
    /// </summary>
    [WolverineGet("/api/projects/{id}/timeline", Name = "GetProjectTimeline"), Tags("Projects")]
    public static async Task<ProjectTimeline> Get(Guid id, HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy,
        Microsoft.Extensions.Options.IOptions<Approvals.ApprovalsOptions> catalogue)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var project = await session.LoadVisibleAsync(caller, id, ct);
        var events = await session.Events.FetchStreamAsync(id, token: ct);

        // A project's requests are few: filtered here by the one rule rather than restated in SQL.
        var linked = (await session.Query<Request>().Where(r => r.ProjectId == id).OrderBy(r => r.FiledAt).ToListAsync(ct))
            .Where(caller.CanSee);

        return new ProjectTimeline(project.Id, project.Name, ProjectDetails.Views(project, clock.GetUtcNow(), policy),
            events.Select(e => Entry(e.Version, e.Data)).ToList(),
            linked.Select(r => new LinkedRequest(r.Id, r.Number, r.Title, r.Status, r.FiledAt, r.AnsweredAt)).ToList(),
            Approvals.ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value).Items);
    }

    private static ProjectEventEntry Entry(long version, object data) =>
        data is IDomainEvent e
            ? new ProjectEventEntry(version, data.GetType().Name, e.Actor, e.At, data)
            : new ProjectEventEntry(version, data.GetType().Name, null, default, data);
}
