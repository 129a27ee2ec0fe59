using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Approvals;
using ProjectTracker.Projects.Reading;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Approvals
{
    /// <summary>The chief service officer (首席服务员) as appointed: who, since when, and why.</summary>
    public sealed record ChiefServiceOfficer(Guid StaffId, string Name, string Reason, DateTimeOffset Since);

    /// <summary>Appointed or replaced (<paramref name="Replaces"/>: the previous one), always with a reason.</summary>
    public sealed record ChiefServiceOfficerAppointed(Guid StaffId, string Name, Guid? Replaces, string Reason, Guid By, DateTimeOffset At) : IDomainEvent
    {
        Guid? IDomainEvent.Actor => By;
    }

    public sealed record AppointChiefServiceOfficerInput(Guid? StaffId, string? Reason)
    {
        public ProblemDetails Check() => new Validation().NotEmpty("staffId", StaffId).Required("reason", Reason, Limits.ShortText).Result;
    }

    /// <summary>
    /// The directory's facts the decision needs come with the command: the staff member's name and
    /// the task forces they lead or belong to (read by the endpoint, so the decision reads nothing).
    /// </summary>
    public sealed record AppointChiefServiceOfficer(Guid ProjectId, Guid StaffId, string StaffName, Guid[] StaffTaskForceIds, string Reason, Caller By)
        : ProjectCommand(ProjectId, By);

    [AggregateHandler]
    public static class AppointChiefServiceOfficerHandler
    {
        public static (UpdatedAggregate, Events) Handle(AppointChiefServiceOfficer cmd, Project? loaded, TimeProvider clock, IOptions<ApprovalsOptions> options) =>
            (new UpdatedAggregate(), Decide(cmd, loaded, clock.GetUtcNow(), options.Value));

        /// <summary>
        /// The owning task force's lead (or an admin) appoints a member or lead of the zone's approvals
        /// task force (<see cref="ApprovalsOptions.TaskForceId"/>) or of the owning task force.
        /// </summary>
        public static Events Decide(AppointChiefServiceOfficer cmd, Project? loaded, DateTimeOffset now, ApprovalsOptions options)
        {
            var project = loaded.SeenBy(cmd);
            cmd.By.EnsureLeads(project.TaskForceId);
            project.EnsureActive("appoint a chief service officer");
            if (project.ChiefServiceOfficer?.StaffId == cmd.StaffId)
                throw Refusal.Invalid("staffId", "staffId is already the project's chief service officer.");
            var eligible = cmd.StaffTaskForceIds.Contains(project.TaskForceId)
                || options.TaskForceId is { } approvals && cmd.StaffTaskForceIds.Contains(approvals);
            if (!eligible)
                throw Refusal.Invalid("staffId", "staffId must be a member or the lead of the approvals task force or of the project's task force.");
            return [new ChiefServiceOfficerAppointed(cmd.StaffId, cmd.StaffName, project.ChiefServiceOfficer?.StaffId, cmd.Reason.Trim(), cmd.By.UserId, now)];
        }
    }

    public static class AppointChiefServiceOfficerEndpoint
    {
        public static ProblemDetails Validate(AppointChiefServiceOfficerInput? body) => body is null ? Validation.NullBody : body.Check();

        [WolverinePost("/api/projects/{id}/chief-service-officer", Name = "AppointChiefServiceOfficer"), RequiresIfMatch, Authorize(Roles = $"{Roles.Lead},{Roles.Admin}"), Tags("Projects")]
        [ProducesResponseType<ProjectDetails>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
        public static async Task<ProjectDetails> Post(Guid id, AppointChiefServiceOfficerInput body, HttpContext http, IMessageBus bus, IQuerySession session,
            TimeProvider clock, DeadlinePolicy policy)
        {
            var ct = http.RequestAborted;
            var staffId = body.StaffId!.Value;
            var staff = (await References.EnsureStaff(session, "staffId", [staffId], ct))[staffId];
            if (!staff.Active) throw Refusal.Invalid("staffId", $"Staff member {staffId} is deactivated.");
            var forces = await session.Query<TaskForce>().Where(t => t.LeadId == staffId || t.MemberIds.Contains(staffId)).Select(t => t.Id).ToListAsync(ct);
            var project = await http.ActAsync(bus, caller => new AppointChiefServiceOfficer(id, staffId, staff.Name, [.. forces], body.Reason!, caller));
            return ProjectDetails.Of(project, clock.GetUtcNow(), policy);
        }
    }
}

namespace ProjectTracker.Projects
{
    public sealed partial class Project
    {
        /// <summary>首席服务员: who chases this project's procedures; null until one is appointed.</summary>
        public ChiefServiceOfficer? ChiefServiceOfficer { get; set; }

        public void Apply(ChiefServiceOfficerAppointed e) => ChiefServiceOfficer = new(e.StaffId, e.Name, e.Reason, e.At);
    }
}
