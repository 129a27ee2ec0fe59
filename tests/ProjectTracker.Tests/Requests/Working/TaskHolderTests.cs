using Marten;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Requests.Working;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests.Working;

/// <summary>
/// Only the unit holding a task works it, judged on the request the decision loaded: a task
/// transferred away cannot be resolved by its former holder, however recently they read it.
/// </summary>
public class TaskHolderTests(Zone zone) : IClassFixture<Zone>
{
    [Fact]
    public void given_a_task_transferred_away_when_its_former_holder_works_it_then_the_decision_refuses()
    {
        var now = zone.Clock.GetUtcNow();
        var (request, taskId) = TransferredFromEconomicToMarket(now);
        var economic = Staff(zone.EconomicStaff, zone.EconomicBureau);
        var market = Staff(zone.MarketStaff, zone.MarketBureau);
        var policy = zone.Host.Services.GetRequiredService<DeadlinePolicy>();

        // The decisions alone: state, command and time in; a refusal or events out.
        var refused = Assert.Throws<Refusal>(() => ResolveTaskHandler.Decide(new ResolveTask(request.Id, taskId, "Done.", economic), request, now, policy));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
        Assert.Equal(RefusalKind.Forbidden, Assert.Throws<Refusal>(() => AcceptTaskHandler.Decide(new AcceptTask(request.Id, taskId, economic), request, now)).Kind);

        var accepted = AcceptTaskHandler.Decide(new AcceptTask(request.Id, taskId, market), request, now);
        Assert.Equal(zone.MarketStaff, Assert.IsType<TaskAccepted>(Assert.Single(accepted)).By);
    }

    [Fact]
    public async Task a_department_that_transferred_its_task_still_sees_the_request_but_may_not_resolve_it()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];
        await Transfer(filed.Id, task.Id, zone.EconomicToken, 200);

        await zone.GetAsync<object>($"/api/requests/{filed.Id}", zone.EconomicToken);
        var events = await zone.EventCount(filed.Id);
        await zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken, 403);
        Assert.Equal(events, await zone.EventCount(filed.Id));
        await zone.ResolveAsync(filed.Id, task.Id, zone.MarketToken);
    }

    /// <summary>
    /// The transfer is written (not yet committed) when the resolve reads the request, and
    /// commits while the resolve waits to write: the write's version check fails, the handler
    /// decides again on the request with the transfer in it, and refuses.
    /// </summary>
    [Fact]
    public async Task a_transfer_committed_between_the_resolvers_read_and_write_refuses_the_resolve()
    {
        var filed = await zone.FileAsync();
        var task = (await zone.DispatchAsync(filed.Id, zone.EconomicBureau)).Tasks[0];

        await using var connection = new NpgsqlConnection(zone.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var transfer = zone.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction)))
        {
            transfer.Events.Append(filed.Id, new TaskTransferred(task.Id, AssigneeKind.Department, zone.MarketBureau, "Market supervision matter.",
                zone.EconomicStaff, zone.Clock.GetUtcNow()));
            await transfer.SaveChangesAsync();   // written in our transaction, not committed
        }

        var resolving = zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken, 403);
        await zone.WaitUntilABackendWaitsForALockAsync();   // it read the request as dispatched to Economic, and waits to write
        await transaction.CommitAsync();
        await resolving;

        var request = await zone.GetAsync<RequestDetails>($"/api/requests/{filed.Id}", zone.SupervisorToken);
        Assert.Equal((zone.MarketBureau, TaskState.Open), (request.Request.Tasks[0].AssigneeId, request.Request.Tasks[0].State));
    }

    private Caller Staff(Guid id, Guid department) =>
        new(id, new HashSet<string> { Roles.Staff }, null, department, new HashSet<Guid>(), new HashSet<Guid>());

    private (Request, Guid) TransferredFromEconomicToMarket(DateTimeOffset now)
    {
        var taskId = Guid.NewGuid();
        var request = Request.Create(new RequestFiled(Guid.NewGuid(), "R-2030-000001", zone.KeyEnterprise, zone.KeyContact, Category.Funding,
            "Loan", "Details.", null, [], zone.Secretary, [zone.EconomicBureau], now, now.AddDays(1), now.AddDays(3)));
        request.Apply(new TasksDispatched([new DispatchedTask(taskId, AssigneeKind.Department, zone.EconomicBureau, "Please handle.", now.AddDays(3))],
            zone.Secretary, now));
        request.Apply(new TaskTransferred(taskId, AssigneeKind.Department, zone.MarketBureau, "Market supervision matter.", zone.EconomicStaff, now));
        return (request, taskId);
    }

    private Task Transfer(Guid requestId, Guid taskId, string token, int status) =>
        zone.Post($"/api/requests/{requestId}/tasks/{taskId}/transfer",
            new { assigneeKind = "Department", assigneeId = zone.MarketBureau, reason = "Market supervision matter." }, token, status);
}
