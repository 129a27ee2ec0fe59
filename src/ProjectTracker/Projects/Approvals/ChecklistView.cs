using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Projects.Approvals;

public sealed record ProcedureView(Guid Id, string Kind, string KindZh, string KindEn, Guid DepartmentId, Guid[] Prerequisites,
    int StandardWorkingDays, DateOnly Due, DateOnly LatestStart, ProcedureState State, string[] PendingDocuments,
    DateOnly? DocumentsPromisedBy, string? LastRejection, DueChange[] DueChanges, Guid[] EscalationIds,
    SubmittedDocument[] SubmittedDocuments, string[] DocumentsStillPending)
{
    public static ProcedureView Of(ProcedureItem i, Deadlines.Calendars.WorkingCalendar calendar, ApprovalsOptions catalogue)
    {
        var kind = catalogue.Kinds.GetValueOrDefault(i.Kind);
        return new ProcedureView(i.Id, i.Kind, kind?.NameZh ?? i.Kind, kind?.NameEn ?? i.Kind, i.DepartmentId, [.. i.Prerequisites],
            i.StandardWorkingDays, i.Due, BackSchedule.LatestStart(i, calendar), i.State, i.PendingDocuments, i.DocumentsPromisedBy,
            i.LastRejection, [.. i.DueChanges], [.. i.EscalationIds], [.. i.SubmittedDocuments], i.DocumentsStillPending());
    }
}

/// <summary>A project's checklist (前期手续未办结清单) with each procedure's latest start, and the chain that cannot fit, if any.</summary>
public sealed record ChecklistView(Guid ProjectId, DateOnly? PlannedStart, ProcedureView[] Items, Shortfall? Shortfall)
{
    public static ChecklistView Of(Project project, DateTimeOffset now, DeadlinePolicy policy, ApprovalsOptions catalogue)
    {
        var calendar = policy.Calendar;
        var items = project.Checklist.Select(i => ProcedureView.Of(i, calendar, catalogue)).ToArray();
        return new ChecklistView(project.Id, project.Of(Milestone.ConstructionStarted).Planned, items,
            BackSchedule.Fit(project.Checklist, policy.ZoneToday(now), calendar));
    }
}

public static class GetChecklistEndpoint
{
    [WolverineGet("/api/projects/{id}/checklist", Name = "GetChecklist"), Tags("Projects")]
    [ProducesResponseType<ChecklistView>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<ChecklistView> Get(Guid id, HttpContext http, IQuerySession session, TimeProvider clock, DeadlinePolicy policy,
        IOptions<ApprovalsOptions> catalogue)
    {
        var project = await session.LoadVisibleAsync(http.Caller(), id, http.RequestAborted);
        return Preconditions.Tag(http, ChecklistView.Of(project, clock.GetUtcNow(), policy, catalogue.Value), project.Version);
    }
}
