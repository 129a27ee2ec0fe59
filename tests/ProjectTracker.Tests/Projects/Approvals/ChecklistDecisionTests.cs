using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Approvals;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>
/// The checklist decisions alone, on a calendar of weekends only (2030, no year loaded): given the
/// project's events, when a command at a time, then events or a refusal. No host, no database.
/// </summary>
public class ChecklistDecisionTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(8));   // a Monday
    private static readonly DeadlinePolicy Policy = new(Options.Create(new DeadlineOptions()), new ZoneCalendars(TimeSpan.FromHours(8)),
        NullLogger<DeadlinePolicy>.Instance);
    private static readonly ApprovalsOptions Catalogue = new();
    private static readonly Guid Id = Guid.NewGuid(), TaskForce = Guid.NewGuid(), Department = Guid.NewGuid();
    private static readonly Guid Land = Guid.NewGuid(), Permit = Guid.NewGuid();
    private static readonly Caller Member = new(Guid.NewGuid(), new HashSet<string> { Roles.Staff }, null, Guid.NewGuid(), new HashSet<Guid> { TaskForce }, new HashSet<Guid>());
    private static readonly Guid Enterprise = Guid.NewGuid();
    private static readonly Caller Contact = new(Guid.NewGuid(), new HashSet<string> { Roles.Contact }, Enterprise, null, new HashSet<Guid>(), new HashSet<Guid>());
    private static readonly Caller Outsider = Member with { UserId = Guid.NewGuid(), TaskForceIds = new HashSet<Guid>() };
    private static readonly DateOnly Start = new(2030, 5, 6);   // a Monday

    private static Project Given(params object[] more)
    {
        object[] events =
        [
            new ProjectRegistered(Id, "Bearings plant", Enterprise, 1m, "Equipment", TaskForce, "Plot 7", Member.UserId, Now),
            new MilestonePlanned(Milestone.ConstructionStarted, Start, 1, Policy.MilestoneDue(Start), Member.UserId, Now),
            new ProcedureAdded(Land, "LandUse", Department, [], 20, new DateOnly(2030, 4, 19), Member.UserId, Now),
            new ProcedureAdded(Permit, "ConstructionPermit", Department, [Land], 5, new DateOnly(2030, 5, 3), Member.UserId, Now),
            .. more,
        ];
        var project = Project.Create((ProjectRegistered)events[0]);
        foreach (var e in events.Skip(1)) typeof(Project).GetMethod(nameof(Project.Apply), [e.GetType()])!.Invoke(project, [e]);
        project.Version = events.Length;
        return project;
    }

    private static Refusal Refused(Action decide) => Assert.Throws<Refusal>(decide);

    [Fact]
    public void given_a_start_when_a_procedure_is_added_then_it_is_due_the_working_day_before_and_its_prerequisite_moves_back_by_its_time()
    {
        var project = Given();
        var fire = Guid.NewGuid();
        var events = AddProcedureHandler.Decide(new AddProcedure(Id, fire, "firedesign", Department, [Land], Member), project, Now, Policy, Catalogue);

        var added = Assert.IsType<ProcedureAdded>(events[0]);
        Assert.Equal(("FireDesign", 10, new DateOnly(2030, 5, 3)), (added.Kind, added.StandardWorkingDays, added.Due));
        Assert.Equal([Land], added.Prerequisites);
        // Fire design (10 working days) ends Friday 05-03, so starts Monday 04-22: land use must be done Friday 04-19 (no move)...
        Assert.Single(events);
        // ...whereas a 15-day assessment needing land use pulls it back to Friday 04-12.
        var moved = AddProcedureHandler.Decide(new AddProcedure(Id, Guid.NewGuid(), "EnvironmentalAssessment", Department, [Land], Member), project, Now, Policy, Catalogue);
        var rescheduled = Assert.IsType<ProcedureRescheduled>(moved[1]);
        Assert.Equal((Land, new DateOnly(2030, 4, 19), new DateOnly(2030, 4, 12)), (rescheduled.ItemId, rescheduled.From, rescheduled.To));
        Assert.Contains("Environmental assessment (环评)", rescheduled.Reason);
    }

    [Fact]
    public void an_unknown_kind_a_cycle_and_an_outsider_are_refused()
    {
        var project = Given();
        Assert.Equal("kind", Refused(() => AddProcedureHandler.Decide(new AddProcedure(Id, Guid.NewGuid(), "Demolition", Department, [], Member), project, Now, Policy, Catalogue)).Field);
        var cycle = Refused(() => ChangePrerequisitesHandler.Decide(new ChangePrerequisites(Id, Land, [Permit], "loop", Member), project, Now, Policy, Catalogue));
        Assert.Equal(("prerequisites", RefusalKind.Invalid), (cycle.Field, cycle.Kind));
        Assert.Equal(RefusalKind.NotFound, Refused(() => ApplyForProcedureHandler.Decide(new ApplyForProcedure(Id, Land, Outsider), project, Now)).Kind);   // not told it exists
        Assert.Equal(RefusalKind.Forbidden, Refused(() => ApplyForProcedureHandler.Decide(new ApplyForProcedure(Id, Land, Contact), project, Now)).Kind);   // sees it, may not act
        Assert.Equal(RefusalKind.NotFound, Refused(() => ApplyForProcedureHandler.Decide(new ApplyForProcedure(Id, Guid.NewGuid(), Member), project, Now)).Kind);
    }

    [Fact]
    public void given_a_procedure_not_applied_for_when_applied_then_applied_and_not_twice()
    {
        var events = ApplyForProcedureHandler.Decide(new ApplyForProcedure(Id, Land, Member), Given(), Now);
        Assert.Equal(new ProcedureApplied(Land, Member.UserId, Now), Assert.Single(events));
        Assert.Equal(RefusalKind.Conflict, Refused(() => ApplyForProcedureHandler.Decide(new ApplyForProcedure(Id, Land, Member), Given(events[0]), Now)).Kind);
    }

    [Fact]
    public void given_an_application_when_accepted_with_documents_pending_then_the_documents_and_the_promise_are_kept()
    {
        var project = Given(new ProcedureApplied(Land, Member.UserId, Now));
        var promised = new DateOnly(2030, 3, 15);
        var events = AcceptPendingDocumentsHandler.Decide(new AcceptPendingDocuments(Id, Land, [" Soil survey "], promised, Member), project, Now, Policy);
        var acceptance = Assert.IsType<ProcedureAcceptedPendingDocuments>(Assert.Single(events));
        Assert.Equal(["Soil survey"], acceptance.PendingDocuments);
        Assert.Equal(promised, acceptance.PromisedBy);
        // A promise for a day already over is no promise.
        Assert.Equal("promisedBy", Refused(() => AcceptPendingDocumentsHandler.Decide(
            new AcceptPendingDocuments(Id, Land, ["Soil survey"], new DateOnly(2030, 3, 1), Member), project, Now, Policy)).Field);
        var accepted = Given(new ProcedureApplied(Land, Member.UserId, Now), events[0]).Procedure(Land)!;
        Assert.Equal((ProcedureState.AcceptedPendingDocuments, promised), (accepted.State, accepted.DocumentsPromisedBy));
    }

    [Fact]
    public void approval_needs_an_application_and_every_prerequisite_approved()
    {
        Assert.Equal(RefusalKind.Conflict, Refused(() => ApproveProcedureHandler.Decide(new ApproveProcedure(Id, Land, Member), Given(), Now)).Kind);
        var permitApplied = Given(new ProcedureApplied(Permit, Member.UserId, Now));
        var open = Refused(() => ApproveProcedureHandler.Decide(new ApproveProcedure(Id, Permit, Member), permitApplied, Now));
        Assert.Equal((RefusalKind.Conflict, "prerequisites"), (open.Kind, open.Field));

        var landApproved = Given(new ProcedureApplied(Permit, Member.UserId, Now), new ProcedureApplied(Land, Member.UserId, Now), new ProcedureApproved(Land, Member.UserId, Now));
        Assert.Equal(new ProcedureApproved(Permit, Member.UserId, Now), Assert.Single(ApproveProcedureHandler.Decide(new ApproveProcedure(Id, Permit, Member), landApproved, Now)));
        Assert.Equal(RefusalKind.Conflict, Refused(() => RejectProcedureHandler.Decide(new RejectProcedure(Id, Land, "late", Member), landApproved, Now)).Kind);
    }

    [Fact]
    public void a_rejection_sends_the_procedure_back_to_not_applied_with_its_reason()
    {
        Assert.Equal(RefusalKind.Conflict, Refused(() => RejectProcedureHandler.Decide(new RejectProcedure(Id, Land, "Missing survey", Member), Given(), Now)).Kind);
        var accepted = new ProcedureAcceptedPendingDocuments(Land, ["Soil survey"], new DateOnly(2030, 3, 15), Member.UserId, Now);
        var events = RejectProcedureHandler.Decide(new RejectProcedure(Id, Land, " Survey never came ", Member), Given(accepted), Now);
        Assert.Equal(new ProcedureRejected(Land, "Survey never came", Member.UserId, Now), Assert.Single(events));
        var item = Given(accepted, events[0]).Procedure(Land)!;
        Assert.Equal((ProcedureState.NotApplied, "Survey never came", 0, (DateOnly?)null), (item.State, item.LastRejection, item.PendingDocuments.Length, item.DocumentsPromisedBy));
    }

    [Fact]
    public void a_lapsed_promise_names_the_secretary_once_and_a_stale_one_raises_nothing()
    {
        var promised = new DateOnly(2030, 3, 15);
        var accepted = new ProcedureAcceptedPendingDocuments(Land, ["Soil survey"], promised, Member.UserId, Now);
        var secretary = Guid.NewGuid();
        var later = Policy.MilestoneDue(promised);
        var (events, raise) = DocumentsPromiseDeadlineHandler.Decide(new DocumentsPromiseDeadline(Id, Land, promised), Given(accepted), secretary, later, Policy);
        var lapsed = Assert.IsType<ProcedureDocumentsPromiseLapsed>(Assert.Single(events));
        Assert.Equal((Land, promised), (lapsed.ItemId, lapsed.PromisedBy));
        Assert.NotNull(raise);

        Assert.Empty(DocumentsPromiseDeadlineHandler.Decide(new DocumentsPromiseDeadline(Id, Land, promised), Given(accepted, lapsed), secretary, later, Policy).Item1);
        Assert.Empty(DocumentsPromiseDeadlineHandler.Decide(new DocumentsPromiseDeadline(Id, Land, promised.AddDays(-3)), Given(accepted), secretary, later, Policy).Item1);
        var rejected = new ProcedureRejected(Land, "Survey outdated", Member.UserId, Now);
        Assert.Empty(DocumentsPromiseDeadlineHandler.Decide(new DocumentsPromiseDeadline(Id, Land, promised), Given(accepted, rejected), secretary, later, Policy).Item1);
    }

    [Fact]
    public void a_cycle_is_found_through_several_steps_and_a_chain_without_one_passes()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var cycle = BackSchedule.Cycle(new Dictionary<Guid, IReadOnlyCollection<Guid>> { [a] = [b], [b] = [c], [c] = [a] });
        Assert.NotNull(cycle);
        Assert.Equal(cycle![0], cycle[^1]);
        Assert.Equal(4, cycle.Length);
        Assert.Null(BackSchedule.Cycle(new Dictionary<Guid, IReadOnlyCollection<Guid>> { [a] = [b, c], [b] = [c], [c] = [] }));
    }
}
