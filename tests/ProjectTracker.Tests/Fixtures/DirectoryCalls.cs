using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>Builds directory records through the API, as an administrator would.</summary>
public static class DirectoryCalls
{
    private static int _codes;

    /// <summary>A fresh valid credit code per call (Weifang prefix, running number, computed check character).</summary>
    public static string NextCreditCode() =>
        CreditCode.WithCheckCharacter($"91370700MA3T{Interlocked.Increment(ref _codes) % 100_000:D5}");

    public static Task<Department> CreateDepartment(this Api api, string name) =>
        api.Post("/api/departments", new { name }, api.AdminToken).Json<Department>();

    public static Task<StaffMember> RegisterStaff(this Api api, string name, Guid departmentId, params string[] roles) =>
        api.Post("/api/staff", new { name, departmentId, roles }, api.AdminToken).Json<StaffMember>();

    public static Task<Enterprise> RegisterEnterprise(this Api api, string name, bool isKey = false, string? industry = null) =>
        api.Post("/api/enterprises", new { name, creditCode = NextCreditCode(), isKey, industry }, api.AdminToken).Json<Enterprise>();

    public static Task<Contact> RegisterContact(this Api api, Guid enterpriseId, string name) =>
        api.Post($"/api/enterprises/{enterpriseId}/contacts", new { name }, api.AdminToken).Json<Contact>();

    public static Task<TaskForce> CreateTaskForce(this Api api, string name, TaskForceKind kind, Guid leadId, Guid[] memberIds, Guid[] departmentIds) =>
        api.Post("/api/task-forces", new { name, kind = kind.ToString(), leadId, memberIds, departmentIds }, api.AdminToken).Json<TaskForce>();

    /// <summary>How many events a stream holds: proves a refused command appended nothing.</summary>
    public static async Task<int> EventCount(this Api api, Guid streamId)
    {
        await using var session = api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).Count;
    }

    public static async Task<long> EventTotal(this Api api)
    {
        await using var session = api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

/// <summary>
/// A small zone built through the API by its administrator: two departments, a dispatcher, a
/// supervisor, a task-force lead and a member, two enterprises (A with a contact) and one task
/// force. Tests add what they need on top.
/// </summary>
public class DirectoryRegisteredThroughApi : Api
{
    public Department Economic { get; private set; } = null!;
    public Department Market { get; private set; } = null!;
    public StaffMember Dispatcher { get; private set; } = null!;
    public StaffMember Supervisor { get; private set; } = null!;
    public StaffMember Lead { get; private set; } = null!;
    public StaffMember Worker { get; private set; } = null!;
    public Enterprise EnterpriseA { get; private set; } = null!;
    public Enterprise EnterpriseB { get; private set; } = null!;
    public Contact ContactA { get; private set; } = null!;
    public TaskForce TaskForce { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        await RegisterAdministratorAsync();
        Economic = await this.CreateDepartment("Economic Development Bureau");
        Market = await this.CreateDepartment("Market Supervision Bureau");
        Dispatcher = await this.RegisterStaff("Wang Fang", Economic.Id, Roles.Dispatcher);
        Supervisor = await this.RegisterStaff("Xu Jing", Economic.Id, Roles.Supervisor);
        Lead = await this.RegisterStaff("Li Qiang", Economic.Id, Roles.Lead);
        Worker = await this.RegisterStaff("Zhao Min", Market.Id, Roles.Staff);
        EnterpriseA = await this.RegisterEnterprise("Alpha Machinery Co.", isKey: true, industry: "Machinery");
        EnterpriseB = await this.RegisterEnterprise("Beta Foods Co.", industry: "Food");
        ContactA = await this.RegisterContact(EnterpriseA.Id, "Chen Jie");
        TaskForce = await this.CreateTaskForce("Talent task force", TaskForceKind.Thematic, Lead.Id, [Worker.Id], [Market.Id]);
    }

    /// <summary>A token of this zone's person with <paramref name="role"/>, naming it.</summary>
    public string TokenAs(string role) => TokenFor(role switch
    {
        Roles.Admin => Admin,
        Roles.Supervisor => Supervisor.Id,
        Roles.Dispatcher => Dispatcher.Id,
        Roles.Staff => Worker.Id,
        Roles.Lead => Lead.Id,
        Roles.Contact => ContactA.Id,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    }, role);
}
