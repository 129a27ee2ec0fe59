using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.AddingInformation;
using ProjectTracker.Requests.Confirming;
using ProjectTracker.Requests.Dispatching;
using ProjectTracker.Requests.Pausing;
using ProjectTracker.Requests.Ending;
using ProjectTracker.Requests.Filing;
using ProjectTracker.Requests.Reopening;
using ProjectTracker.Requests.Working;
using Wolverine.Marten;
using ContactEntry = ProjectTracker.Directory.Contacts.Contact;

namespace ProjectTracker.Tests.Requests;

/// <summary>
/// Every action on a request as its decision alone: given the request's events, when a command
/// arrives at a time, then these events (or this refusal). No host, no database: the API
/// scenarios prove the wiring, these the rules.
/// </summary>
public class RequestDecisionTests
{
    // Monday 2030-03-04 09:00 in the zone; the calendar counts weekends only.
    private static readonly DateTimeOffset Filed = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DeadlinePolicy Policy = new(Options.Create(new DeadlineOptions()), new ZoneCalendars(TimeSpan.FromHours(8)),
        NullLogger<DeadlinePolicy>.Instance);

    private static readonly Guid Enterprise = Guid.NewGuid(), Economic = Guid.NewGuid(), Market = Guid.NewGuid(), TaskId = Guid.NewGuid();
    private static readonly Caller Contact = new(Guid.NewGuid(), new HashSet<string> { Roles.Contact }, Enterprise, null, new HashSet<Guid>(), new HashSet<Guid>());
    private static readonly Caller OtherContact = Contact with { UserId = Guid.NewGuid(), EnterpriseId = Guid.NewGuid() };
    private static readonly Caller Dispatcher = new(Guid.NewGuid(), new HashSet<string> { Roles.Dispatcher }, null, Economic, new HashSet<Guid>(), new HashSet<Guid>());
    private static readonly Caller EconomicStaff = new(Guid.NewGuid(), new HashSet<string> { Roles.Staff }, null, Economic, new HashSet<Guid>(), new HashSet<Guid>());
    private static readonly Caller MarketStaff = EconomicStaff with { UserId = Guid.NewGuid(), DepartmentId = Market };

    private static readonly Guid Id = Guid.NewGuid();
    private static RequestFiled FiledEvent => new(Id, "R-2030-000001", Enterprise, Contact.UserId, Category.Funding, "Loan", "Details.", null, [], null, [Economic],
        Filed, Policy.DispatchDue(Filed), Policy.ResolutionDue(Filed));
    private static TasksDispatched DispatchedToEconomic => new([new DispatchedTask(TaskId, AssigneeKind.Department, Economic, "Please handle.", Policy.ResolutionDue(Filed))],
        Dispatcher.UserId, Filed.AddHours(1));

    /// <summary>The request as Marten folds it: created by the first event, each later one applied, its version their count.</summary>
    private static Request Given(params object[] events)
    {
        var request = Request.Create((RequestFiled)events[0]);
        foreach (var e in events.Skip(1))
            typeof(Request).GetMethod(nameof(Request.Apply), [e.GetType()])!.Invoke(request, [e]);
        request.Version = events.Length;
        return request;
    }

    private static RefusalKind Refused(Action decide) => Assert.Throws<Refusal>(decide).Kind;

    [Fact]
    public void when_a_contact_files_then_both_clocks_start_and_a_key_enterprise_goes_to_its_secretary()
    {
        var secretary = Guid.NewGuid();
        var contact = new ContactEntry { Id = Contact.UserId, EnterpriseId = Enterprise };
        var key = new Enterprise { Id = Enterprise, IsKey = true, SecretaryId = secretary };
        var routing = RoutingTable.Create(new RouteSet(Category.Funding, [Economic], Dispatcher.UserId, Filed.AddDays(-7)));
        var input = new FileRequestInput(Category.Funding, " Loan ", "Details.", null, null);
        var cmd = new FileRequest(Id, Contact.UserId, input);

        var filed = FileRequestHandler.Decide(cmd, contact, key, null, routing, Filed, Policy);
        Assert.Equal((Id, Enterprise, "Loan", secretary), (filed.RequestId, filed.EnterpriseId, filed.Title, filed.SecretaryId));
        Assert.Equal([Economic], filed.ProposedDepartmentIds);
        Assert.Equal((Policy.DispatchDue(Filed), Policy.ResolutionDue(Filed)), (filed.DispatchDue, filed.ResolutionDue));
        Assert.Null(FileRequestHandler.Decide(cmd, contact, new Enterprise { Id = Enterprise, SecretaryId = secretary }, null, routing, Filed, Policy).SecretaryId);

        Assert.Equal(RefusalKind.Forbidden, Refused(() => FileRequestHandler.Decide(cmd, new ContactEntry { Id = Contact.UserId, EnterpriseId = Enterprise, Active = false },
            key, null, routing, Filed, Policy)));
        var othersProject = new ProjectTracker.Projects.Project { Id = Guid.NewGuid(), LeadEnterpriseId = Guid.NewGuid() };
        var refused = Assert.Throws<Refusal>(() => FileRequestHandler.Decide(cmd with { Input = input with { ProjectId = othersProject.Id } },
            contact, key, othersProject, routing, Filed, Policy));
        Assert.Equal((RefusalKind.Invalid, "projectId"), (refused.Kind, refused.Field));
    }

    [Fact]
    public void given_a_filed_request_when_dispatched_then_tasks_due_with_the_request_take_the_ids_given()
    {
        var at = Filed.AddHours(2);
        var cmd = new DispatchRequest(Id, [new DispatchTaskInput(AssigneeKind.Department, Economic, " Please handle. ", null)], Dispatcher);
        var dispatched = Assert.IsType<TasksDispatched>(Assert.Single(DispatchRequestHandler.Decide(cmd, Given(FiledEvent), at, Policy, [TaskId])));
        var task = Assert.Single(dispatched.Tasks);
        Assert.Equal((TaskId, Economic, "Please handle.", Policy.ResolutionDue(Filed), at), (task.TaskId, task.AssigneeId, task.Instructions, task.Due, dispatched.At));
    }

    [Fact]
    public void given_a_task_already_held_when_dispatched_to_the_same_unit_again_then_409()
    {
        var cmd = new DispatchRequest(Id, [new DispatchTaskInput(AssigneeKind.Department, Economic, "Again.", null)], Dispatcher);
        Assert.Equal(RefusalKind.Conflict, Refused(() => DispatchRequestHandler.Decide(cmd, Given(FiledEvent, DispatchedToEconomic), Filed.AddHours(2), Policy, [Guid.NewGuid()])));
    }

    [Fact]
    public void given_no_request_or_one_the_caller_may_not_see_or_a_stale_version_then_404_404_412()
    {
        var withdraw = new WithdrawRequest(Id, "No longer needed.", Contact);
        Assert.Equal(RefusalKind.NotFound, Refused(() => EndRequestHandler.Decide(withdraw, null, Filed)));
        Assert.Equal(RefusalKind.NotFound, Refused(() => EndRequestHandler.Decide(withdraw with { By = OtherContact }, Given(FiledEvent), Filed)));
        Assert.Equal(RefusalKind.Stale, Refused(() => EndRequestHandler.Decide(withdraw with { ExpectedVersion = 7 }, Given(FiledEvent), Filed)));
        Assert.IsType<RequestWithdrawn>(Assert.Single(EndRequestHandler.Decide(withdraw with { ExpectedVersion = 1 }, Given(FiledEvent), Filed)));
    }

    [Fact]
    public void given_a_dispatched_task_when_its_holder_accepts_notes_and_hands_back_then_each_is_an_event_and_a_unit_that_never_held_it_gets_404()
    {
        var request = Given(FiledEvent, DispatchedToEconomic);
        var at = Filed.AddHours(3);
        Assert.Equal(new TaskAccepted(TaskId, EconomicStaff.UserId, at), Assert.Single(AcceptTaskHandler.Decide(new AcceptTask(Id, TaskId, EconomicStaff), request, at)));
        Assert.IsType<TaskProgressNoted>(Assert.Single(NoteProgressHandler.Decide(new NoteProgress(Id, TaskId, "Working.", EconomicStaff), request, at)));
        Assert.IsType<TaskHandedBack>(Assert.Single(HandBackTaskHandler.Decide(new HandBackTask(Id, TaskId, "Not ours.", EconomicStaff), request, at)));
        Assert.Equal(RefusalKind.NotFound, Refused(() => AcceptTaskHandler.Decide(new AcceptTask(Id, TaskId, MarketStaff), request, at)));
        Assert.Equal(RefusalKind.NotFound, Refused(() => AcceptTaskHandler.Decide(new AcceptTask(Id, Guid.NewGuid(), EconomicStaff), request, at)));
    }

    [Fact]
    public void given_a_dispatched_task_when_transferred_to_its_own_holder_then_400_and_to_another_unit_an_event()
    {
        var request = Given(FiledEvent, DispatchedToEconomic);
        Assert.Equal(RefusalKind.Invalid, Refused(() => TransferTaskHandler.Decide(new TransferTask(Id, TaskId, AssigneeKind.Department, Economic, "Same.", Dispatcher), request, Filed)));
        var moved = Assert.IsType<TaskTransferred>(Assert.Single(
            TransferTaskHandler.Decide(new TransferTask(Id, TaskId, AssigneeKind.Department, Market, "Market matter.", Dispatcher), request, Filed)));
        Assert.Equal(Market, moved.AssigneeId);
    }

    [Fact]
    public void given_the_last_open_task_when_resolved_then_the_request_is_answered_and_its_auto_close_scheduled()
    {
        var at = Filed.AddDays(1);
        var (events, followUps) = ResolveTaskHandler.Decide(new ResolveTask(Id, TaskId, "Loan approved.", EconomicStaff), Given(FiledEvent, DispatchedToEconomic), at, Policy);
        Assert.Collection(events, e => Assert.IsType<TaskResolved>(e), e => Assert.Equal(new RequestAnswered("Loan approved.", at), e));
        Assert.Single(followUps);
    }

    [Fact]
    public void given_a_request_when_paused_and_resumed_then_its_due_moves_by_the_working_time_paused()
    {
        var request = Given(FiledEvent, DispatchedToEconomic);
        var pausedAt = Filed.AddHours(2);
        var paused = PauseClockHandler.Decide(new PauseClock(Id, "Send the certificate.", Dispatcher), request, pausedAt, pausesBeforeApproval: 2);
        request = Given(FiledEvent, DispatchedToEconomic, paused);
        Assert.Equal(RefusalKind.Conflict, Refused(() => PauseClockHandler.Decide(new PauseClock(Id, "Again.", Dispatcher), request, pausedAt, 2)));

        var resumed = ResumeClockHandler.Decide(new ResumeClock(Id, Dispatcher), request, pausedAt.AddHours(3), Policy);
        Assert.Equal(Policy.ResolutionDue(Filed) + TimeSpan.FromHours(3), resumed.ResolutionDue);
        Assert.Equal(RefusalKind.Conflict, Refused(() => ResumeClockHandler.Decide(new ResumeClock(Id, Dispatcher), Given(FiledEvent), pausedAt, Policy)));
    }

    [Fact]
    public void given_a_paused_request_when_the_enterprise_adds_information_then_the_clock_resumes_with_it()
    {
        var request = Given(FiledEvent, DispatchedToEconomic, new ClockPaused("Send the certificate.", Dispatcher.UserId, Filed.AddHours(2)));
        var events = AddInformationHandler.Decide(new AddInformation(Id, "Certificate attached.", ["cert.pdf"], Contact), request, Filed.AddHours(4), Policy);
        Assert.Collection(events, e => Assert.IsType<InformationAdded>(e), e => Assert.IsType<ClockResumed>(e));
        Assert.Equal(RefusalKind.Forbidden, Refused(() => AddInformationHandler.Decide(new AddInformation(Id, "x", [], Dispatcher), request, Filed, Policy)));
    }

    [Fact]
    public void given_an_answered_request_when_the_enterprise_confirms_or_reopens_then_closed_or_a_new_clock()
    {
        var answered = Given(FiledEvent, DispatchedToEconomic, new TaskResolved(TaskId, "Done.", EconomicStaff.UserId, Filed.AddDays(1)),
            new RequestAnswered("Done.", Filed.AddDays(1)));
        var at = Filed.AddDays(2);
        Assert.Equal(new AnswerConfirmed(5, "Fast.", Contact.UserId, at), Assert.Single(ConfirmAnswerHandler.Decide(new ConfirmAnswer(Id, 5, " Fast. ", Contact), answered, at)));
        var reopened = Assert.IsType<RequestReopened>(Assert.Single(ReopenRequestHandler.Decide(new ReopenRequest(Id, "Not solved.", Contact), answered, at, Policy)));
        Assert.Equal((answered.Cycle + 1, Policy.ResolutionDue(at)), (reopened.Cycle, reopened.ResolutionDue));
        Assert.Equal(RefusalKind.Conflict, Refused(() => ConfirmAnswerHandler.Decide(new ConfirmAnswer(Id, 5, null, Contact), Given(FiledEvent), at)));
    }

    [Fact]
    public void given_a_closed_request_when_rejected_or_withdrawn_then_409_and_an_open_one_is_rejected_by_a_dispatcher()
    {
        var withdrawn = Given(FiledEvent, new RequestWithdrawn("No longer.", Contact.UserId, Filed.AddHours(1)));
        Assert.Equal(RefusalKind.Conflict, Refused(() => EndRequestHandler.Decide(new RejectRequest(Id, "Out of scope.", Dispatcher), withdrawn, Filed.AddHours(2))));
        Assert.Equal(RefusalKind.Conflict, Refused(() => EndRequestHandler.Decide(new WithdrawRequest(Id, "Again.", Contact), withdrawn, Filed.AddHours(2))));
        Assert.IsType<RequestRejected>(Assert.Single(EndRequestHandler.Decide(new RejectRequest(Id, "Out of scope.", Dispatcher), Given(FiledEvent), Filed)));
    }
}
