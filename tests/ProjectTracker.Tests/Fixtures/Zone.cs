using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Access;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Overdue;
using ProjectTracker.Requests;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>
/// The service with a small zone in its directory: two departments, a task force, one person
/// per role (the administrator registered as `add-admin` does), a key enterprise with a
/// secretary and an ordinary one, a contact for each.
/// </summary>
public class Zone : Api
{
    public readonly Guid EconomicBureau = Guid.NewGuid(), MarketBureau = Guid.NewGuid(), LandTaskForce = Guid.NewGuid();
    public readonly Guid EconomicStaff = Guid.NewGuid(), MarketStaff = Guid.NewGuid(), TaskForceLead = Guid.NewGuid(),
        TaskForceMember = Guid.NewGuid(), Secretary = Guid.NewGuid(), Desk = Guid.NewGuid(), Supervisor = Guid.NewGuid();
    /// <summary>A staff member holding every staff role: one token that reaches every endpoint (input-handling tests).</summary>
    public readonly Guid EveryRole = Guid.NewGuid();
    public readonly Guid KeyEnterprise = Guid.NewGuid(), OtherEnterprise = Guid.NewGuid(), KeyContact = Guid.NewGuid(), OtherContact = Guid.NewGuid();

    protected override async Task SeedAsync()
    {
        await RegisterAdministratorAsync();
        var now = Clock.GetUtcNow();
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<Department>(EconomicBureau, new DepartmentCreated(EconomicBureau, "Economic Development Bureau", Admin, now));
        session.Events.StartStream<Department>(MarketBureau, new DepartmentCreated(MarketBureau, "Market Supervision Bureau", Admin, now));
        void Staff(Guid id, string name, Guid dept, params string[] roles) =>
            session.Events.StartStream<StaffMember>(id, new StaffRegistered(id, name, dept, roles, null, Admin, now));
        Staff(EconomicStaff, "Economic staff", EconomicBureau, Roles.Staff);
        Staff(MarketStaff, "Market staff", MarketBureau, Roles.Staff);
        Staff(TaskForceLead, "Task-force lead", EconomicBureau, Roles.Lead);
        Staff(TaskForceMember, "Task-force member", MarketBureau, Roles.Staff);
        Staff(Secretary, "Secretary", EconomicBureau, Roles.Dispatcher);
        Staff(Desk, "Dispatch desk", EconomicBureau, Roles.Dispatcher);
        Staff(Supervisor, "Supervisor", EconomicBureau, Roles.Supervisor);
        Staff(EveryRole, "Holder of every staff role", EconomicBureau, Roles.Admin, Roles.Supervisor, Roles.Dispatcher, Roles.Staff, Roles.Lead);
        session.Events.StartStream<TaskForce>(LandTaskForce, new TaskForceCreated(LandTaskForce, "Land and plant task force", TaskForceKind.Thematic,
            TaskForceLead, [TaskForceMember], [EconomicBureau, MarketBureau], Admin, now));
        session.Events.StartStream<Enterprise>(KeyEnterprise, new EnterpriseRegistered(KeyEnterprise, "Key Enterprise Co.", "91330100799655058B",
            true, Secretary, "Equipment", null, Admin, now));
        session.Events.StartStream<Enterprise>(OtherEnterprise, new EnterpriseRegistered(OtherEnterprise, "Other Enterprise Co.", "9144030071526726XG",
            false, null, "Food", null, Admin, now));
        session.Events.StartStream<Contact>(KeyContact, new ContactRegistered(KeyContact, KeyEnterprise, "Key contact", null, Admin, now));
        session.Events.StartStream<Contact>(OtherContact, new ContactRegistered(OtherContact, OtherEnterprise, "Other contact", null, Admin, now));
        session.Events.StartStream<RoutingTable>(RoutingTable.StreamId, new RouteSet(Category.Funding, [EconomicBureau], Admin, now));
        await session.SaveChangesAsync();
    }

    public string KeyContactToken => TokenFor(KeyContact, Roles.Contact);
    public string OtherContactToken => TokenFor(OtherContact, Roles.Contact);
    public string SecretaryToken => TokenFor(Secretary, Roles.Dispatcher);
    public string DeskToken => TokenFor(Desk, Roles.Dispatcher);
    public string EconomicToken => TokenFor(EconomicStaff, Roles.Staff);
    public string MarketToken => TokenFor(MarketStaff, Roles.Staff);
    public string LeadToken => TokenFor(TaskForceLead, Roles.Lead);
    public string SupervisorToken => TokenFor(Supervisor, Roles.Supervisor);

    public Task<RequestView> FileAsync(string? token = null, string title = "Need a working-capital loan", string category = "Funding") =>
        this.Post("/api/requests", new { category, title, description = "Details of the need." }, token ?? KeyContactToken).Json<RequestView>();

    public Task<RequestView> DispatchAsync(Guid requestId, params Guid[] departments) =>
        this.Post($"/api/requests/{requestId}/dispatch",
            new { tasks = departments.Select(d => new { assigneeKind = "Department", assigneeId = d, instructions = "Please handle." }) },
            SecretaryToken, 200).Json<RequestView>();

    public async Task<RequestView> ResolveAsync(Guid requestId, Guid taskId, string token, int expectStatus = 200)
    {
        var result = await this.Post($"/api/requests/{requestId}/tasks/{taskId}/resolve", new { reply = "Solved." }, token, expectStatus);
        return expectStatus == 200 ? (await result.ReadAsJsonAsync<RequestView>())! : null!;
    }

    public Task<T> GetAsync<T>(string url, string token) => this.Get(url, token).Json<T>();

    /// <summary>Sweeps request deadlines (escalations raised, returned) and at-risk marks now, as the host's sweeper would within a quarter second.</summary>
    public async Task<int> SweepAsync()
    {
        using var scope = Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        var raised = 0;
        SweepOutcome outcome;
        do raised += (outcome = await bus.InvokeAsync<SweepOutcome>(new SweepDeadlines())).Raised;
        while (outcome.More);
        while ((await bus.InvokeAsync<SweepOutcome>(new MarkAtRisk())).More) { }
        return raised;
    }

    /// <summary>
    /// Moves the fake clock, sweeps the request deadlines now due on it, then lets Wolverine's
    /// durability agent fire every scheduled message (milestones, auto-close) now due: their rows
    /// are made due in real time and we wait until they are handled. Both go through the real
    /// durable path.
    /// </summary>
    public async Task AdvanceAndFireDeadlinesAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await SweepAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        var ids = new List<Guid>();
        await using (var due = new NpgsqlCommand(
            "update wolverine.wolverine_incoming_envelopes set execution_time = now() - interval '1 second' " +
            "where status = 'Scheduled' and execution_time <= @now returning id", conn))
        {
            due.Parameters.AddWithValue("now", Clock.GetUtcNow());
            await using var reader = await due.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ids.Count > 0)
        {
            await using var left = new NpgsqlCommand(
                "select count(*) from wolverine.wolverine_incoming_envelopes where id = any(@ids) and status <> 'Handled'", conn);
            left.Parameters.AddWithValue("ids", ids.ToArray());
            if ((long)(await left.ExecuteScalarAsync())! == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ids.Count} due deadlines were not handled within 30 s.");
            await Task.Delay(50);
        }
    }
}
