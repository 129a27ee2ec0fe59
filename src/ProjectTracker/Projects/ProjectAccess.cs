using Marten;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;

namespace ProjectTracker.Projects;

/// <summary>Every command on a project names it, who acts, and (from If-Match) the version they saw.</summary>
public abstract record ProjectCommand(Guid ProjectId, Caller By) : Acting(By);

/// <summary>
/// Who may see and change a project. Anyone who may not see it gets 404, so a project's
/// existence is not revealed; someone who sees it without the right to act gets 403.
/// </summary>
public static class ProjectAccess
{
    /// <summary>Supervisors and admins see all; the owning task force's staff and lead; the lead enterprise's contacts.</summary>
    public static bool CanSee(this Caller caller, Project project) =>
        caller.SeesAll || caller.WorksFor(project.TaskForceId) || IsContactOf(caller, project.LeadEnterpriseId);

    public static IQueryable<Project> VisibleTo(this IQueryable<Project> projects, Caller caller)
    {
        if (caller.SeesAll) return projects;
        var forces = caller.WorkUnits;
        var enterprise = caller.Is(Roles.Contact) ? caller.EnterpriseId : null;
        return projects.Where(p => forces.Contains(p.TaskForceId) || p.LeadEnterpriseId == enterprise);
    }

    /// <summary>Milestone work (plan, replan, achieve): the owning task force's staff or lead, or an admin.</summary>
    public static void EnsureWorksOn(this Caller caller, Project project)
    {
        if (!caller.Is(Roles.Admin) && !caller.WorksFor(project.TaskForceId))
            throw Refusal.Forbidden("Only the owning task force's staff or lead, or an admin, record milestone work.");
    }

    /// <summary>Decisions about the project itself (register, suspend, resume, cancel): the owning task force's lead or an admin.</summary>
    public static void EnsureLeads(this Caller caller, Guid taskForceId)
    {
        if (!caller.Is(Roles.Admin) && !(caller.Is(Roles.Lead) && caller.LedTaskForceIds.Contains(taskForceId)))
            throw Refusal.Forbidden("Only the owning task force's lead or an admin may do this.");
    }

    public static Task<Project> LoadVisibleAsync(this IQuerySession session, Caller caller, Guid id, CancellationToken ct) =>
        Visible.LoadAsync<Project>(session, caller, id, CanSee, "Project", ct);

    /// <summary>
    /// A decision's first step, on the project its handler loaded: the project if the caller may
    /// see it (else 404) at the version they saw (else 412).
    /// </summary>
    public static Project SeenBy(this Project? loaded, ProjectCommand cmd)
    {
        var project = Visible.To(loaded, cmd.By, CanSee, "Project", cmd.ProjectId);
        Preconditions.Expect(cmd.ExpectedVersion, project.Version, $"Project {project.Name}");
        return project;
    }

    public static Task<Project> ActAsync(this HttpContext http, IMessageBus bus, Func<Caller, ProjectCommand> command) =>
        Visible.ActAsync<Project>(http, bus, command, p => p.Version);

    public static void EnsureActive(this Project project, string action)
    {
        if (project.Status != ProjectStatus.Active)
            throw Refusal.Conflict($"Cannot {action}: project {project.Name} is {project.Status}.");
    }

    private static bool IsContactOf(Caller caller, Guid enterpriseId) => caller.Is(Roles.Contact) && caller.EnterpriseId == enterpriseId;
}
