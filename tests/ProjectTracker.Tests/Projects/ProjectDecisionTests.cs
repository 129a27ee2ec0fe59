using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Achieving;
using ProjectTracker.Projects.Cancelling;
using ProjectTracker.Projects.Planning;
using ProjectTracker.Projects.Registering;
using ProjectTracker.Projects.Suspending;

namespace ProjectTracker.Tests.Projects;

/// <summary>
/// The project and escalation decisions alone: given events, when a command at a time, then events
/// (and the deadlines they set) or a refusal. No host, no database.
/// </summary>
public class ProjectDecisionTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DeadlinePolicy Policy = new(Options.Create(new DeadlineOptions()), new ZoneCalendars(TimeSpan.FromHours(8)),
        NullLogger<DeadlinePolicy>.Instance);
    private static readonly Guid Id = Guid.NewGuid(), TaskForce = Guid.NewGuid(), Enterprise = Guid.NewGuid();
    private static readonly Caller Lead = new(Guid.NewGuid(), new HashSet<string> { Roles.Lead }, null, Guid.NewGuid(), new HashSet<Guid>(), new HashSet<Guid> { TaskForce });
    private static readonly Caller Member = new(Guid.NewGuid(), new HashSet<string> { Roles.Staff }, null, Guid.NewGuid(), new HashSet<Guid> { TaskForce }, new HashSet<Guid>());
    private static readonly Caller Contact = new(Guid.NewGuid(), new HashSet<string> { Roles.Contact }, Enterprise, null, new HashSet<Guid>(), new HashSet<Guid>());
    private static readonly Caller Outsider = Member with { UserId = Guid.NewGuid(), TaskForceIds = new HashSet<Guid>() };
    private static readonly DateOnly Day = new(2030, 4, 1);

    private static object[] Registered(params PlannedDateInput[] plans) => RegisterProjectHandler.Decide(
        new RegisterProject(Id, new RegisterProjectInput("Bearings plant", Enterprise, 1_000_000m, "Equipment", TaskForce, "Plot 7", plans), Lead.UserId),
        Now, Policy).Item1;

    private static Project Given(params object[] events)
    {
        var project = Project.Create((ProjectRegistered)events[0]);
        foreach (var e in events.Skip(1)) typeof(Project).GetMethod(nameof(Project.Apply), [e.GetType()])!.Invoke(project, [e]);
        project.Version = events.Length;
        return project;
    }

    private static RefusalKind Refused(Action decide) => Assert.Throws<Refusal>(decide).Kind;

    [Fact]
    public void given_a_registration_with_a_plan_then_the_project_and_its_milestone_with_a_deadline()
    {
        var (events, deadlines) = RegisterProjectHandler.Decide(new RegisterProject(Id,
            new RegisterProjectInput(" Bearings plant ", Enterprise, 1_000_000m, "Equipment", TaskForce, "Plot 7", [new(Milestone.Signed, Day)]), Lead.UserId),
            Now, Policy);
        Assert.Collection(events, e => Assert.Equal("Bearings plant", Assert.IsType<ProjectRegistered>(e).Name),
            e => Assert.Equal((Milestone.Signed, Day, 1), (((MilestonePlanned)e).Milestone, ((MilestonePlanned)e).Date, ((MilestonePlanned)e).Revision)));
        Assert.Single(deadlines);
    }

    [Fact]
    public void given_a_project_when_a_member_plans_then_replans_then_achieves_a_milestone_then_each_is_an_event()
    {
        var events = Registered();
        var (planned, deadline) = MilestonePlanningHandler.Decide(new PlanMilestone(Id, Milestone.Signed, Day, Member), Given(events), Now, Policy);
        Assert.Single(deadline);
        events = [.. events, .. planned];
        Assert.Equal(RefusalKind.Conflict, Refused(() => MilestonePlanningHandler.Decide(new PlanMilestone(Id, Milestone.Signed, Day, Member), Given(events), Now, Policy)));

        var (replanned, _) = MilestonePlanningHandler.Decide(new ReplanMilestone(Id, Milestone.Signed, Day.AddDays(7), "Land survey late.", Member), Given(events), Now, Policy);
        Assert.Equal(2, Assert.IsType<MilestoneReplanned>(Assert.Single(replanned)).Revision);
        events = [.. events, .. replanned];

        var achieved = AchieveMilestoneHandler.Decide(new AchieveMilestone(Id, Milestone.Signed, Day, "Contract 17.", null, Member), Given(events), Now.AddDays(30), Policy);
        Assert.Equal(Day, Assert.IsType<MilestoneAchieved>(Assert.Single(achieved)).Date);
    }

    [Fact]
    public void given_a_project_then_an_outsider_404_a_contact_of_its_enterprise_403_a_stale_version_412()
    {
        var project = Given(Registered());
        Assert.Equal(RefusalKind.NotFound, Refused(() => SuspendProjectHandler.Decide(new SuspendProject(Id, "x", Outsider), project, Now)));
        Assert.Equal(RefusalKind.Forbidden, Refused(() => SuspendProjectHandler.Decide(new SuspendProject(Id, "x", Contact), project, Now)));
        Assert.Equal(RefusalKind.Stale, Refused(() => SuspendProjectHandler.Decide(new SuspendProject(Id, "x", Lead) { ExpectedVersion = 5 }, project, Now)));
        Assert.Equal(RefusalKind.NotFound, Refused(() => SuspendProjectHandler.Decide(new SuspendProject(Id, "x", Lead), null, Now)));
    }

    [Fact]
    public void given_a_suspended_project_when_resumed_then_deadlines_that_lapsed_meanwhile_are_armed_again_and_a_cancelled_one_takes_nothing()
    {
        var events = Registered(new PlannedDateInput(Milestone.Signed, Day));
        var suspended = SuspendProjectHandler.Decide(new SuspendProject(Id, "Land dispute.", Lead), Given(events), Now);
        events = [.. events, .. suspended];
        Assert.Equal(RefusalKind.Conflict, Refused(() => SuspendProjectHandler.Decide(new SuspendProject(Id, "Again.", Lead), Given(events), Now)));

        var (resumed, rearmed) = ResumeProjectHandler.Decide(new ResumeProject(Id, "Settled.", Lead), Given(events), Now.AddDays(40), Policy);
        Assert.IsType<ProjectResumed>(Assert.Single(resumed));
        Assert.Single(rearmed);

        var cancelled = CancelProjectHandler.Decide(new CancelProject(Id, "Investor withdrew.", Lead), Given(events), Now);
        Assert.IsType<ProjectCancelled>(Assert.Single(cancelled));
        Assert.Equal(RefusalKind.Conflict, Refused(() => MilestonePlanningHandler.Decide(new PlanMilestone(Id, Milestone.MovedIn, Day, Member), Given([.. events, .. cancelled]), Now, Policy)));
    }

    [Fact]
    public void given_an_escalation_then_acknowledged_decided_and_closed_in_that_order_only()
    {
        var supervisor = Guid.NewGuid();
        var raised = new EscalationRaised(Guid.NewGuid(), EscalationKind.DispatchOverdue, EscalationLevel.Warning, [new Responsible(ResponsibleKind.DispatchDesk, null)],
            Guid.NewGuid(), "R-2030-000001", Enterprise, null, null, Now, Now, "Not dispatched within 1 working day.");
        var escalation = Escalation.Create(raised);
        escalation.Version = 1;
        var id = raised.EscalationId;
        var decision = new DecisionInput(EscalationDecision.NoFault, "Filed at the weekend.", null, null);

        Assert.Equal(RefusalKind.Conflict, Refused(() => EscalationDecisionHandler.Decide(new CloseEscalation(id, supervisor, null), escalation, Now)));
        Assert.Equal(RefusalKind.Stale, Refused(() => EscalationDecisionHandler.Decide(new AcknowledgeEscalation(id, supervisor, 3), escalation, Now)));
        Assert.Equal(RefusalKind.NotFound, Refused(() => EscalationDecisionHandler.Decide(new AcknowledgeEscalation(id, supervisor, null), null, Now)));
        escalation.Apply(Assert.IsType<EscalationAcknowledged>(Assert.Single(EscalationDecisionHandler.Decide(new AcknowledgeEscalation(id, supervisor, 1), escalation, Now))));
        escalation.Apply(Assert.IsType<EscalationDecided>(Assert.Single(EscalationDecisionHandler.Decide(new DecideEscalation(id, decision, supervisor, null), escalation, Now))));
        Assert.Equal(RefusalKind.Conflict, Refused(() => EscalationDecisionHandler.Decide(new DecideEscalation(id, decision, supervisor, null), escalation, Now)));
        Assert.IsType<EscalationClosed>(Assert.Single(EscalationDecisionHandler.Decide(new CloseEscalation(id, supervisor, null), escalation, Now)));
    }
}
