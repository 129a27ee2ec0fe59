using JasperFx.CommandLine;
using Marten;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory;

/// <summary>
/// A small, made-up zone to try the service with: four bureaus, three task forces, one person per
/// role, a dozen enterprises (fictional names, valid credit codes) each with a contact, and a
/// routing rule per category. Ids are fixed, so seeding twice changes nothing.
/// </summary>
public static class DemoZone
{
    public sealed record DemoUser(Guid Id, string Name, string Role, string Note);

    private static Guid Id(string kind, int n) => StableId.From("demo-zone", kind, n);

    private static readonly string[] DepartmentNames =
    [
        "Economic Development Bureau", "Market Supervision Bureau",
        "Comprehensive Administrative Law Enforcement Bureau", "Natural Resources and Planning Bureau",
    ];

    private static readonly (string Name, string Industry, bool IsKey)[] Enterprises =
    [
        ("Hengxin New Materials Co., Ltd.", "New materials", true),
        ("Borui Precision Machinery Co., Ltd.", "Machinery", true),
        ("Lanshan Biotech Co., Ltd.", "Biotechnology", true),
        ("Jinyu Acoustics Co., Ltd.", "Electronics", true),
        ("Huaxia Power Equipment Co., Ltd.", "Power equipment", true),
        ("Qingyuan Foods Co., Ltd.", "Food", false),
        ("Tianyi Optoelectronics Co., Ltd.", "Electronics", true),
        ("Runze Textiles Co., Ltd.", "Textiles", false),
        ("Xinghe Logistics Co., Ltd.", "Logistics", false),
        ("Minghui Software Co., Ltd.", "Software", false),
        ("Yida Fine Chemicals Co., Ltd.", "Chemicals", false),
        ("Anping Medical Devices Co., Ltd.", "Medical devices", false),
    ];

    public static Guid Department(int n) => Id("department", n);
    public static Guid Enterprise(int n) => Id("enterprise", n);

    /// <summary>Weifang's division code, a running number, and the GB 32100 check character.</summary>
    public static string CreditCodeOf(int n) => CreditCode.WithCheckCharacter($"91370700MA3DM{n:D3}1");

    public static async Task<IReadOnlyList<DemoUser>> SeedAsync(IDocumentStore store, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var admin = Id("staff", 1);

        async Task Start<T>(Guid id, object started) where T : class
        {
            if (await session.Events.FetchStreamStateAsync(id, ct) is null) session.Events.StartStream<T>(id, started);
        }

        for (var d = 0; d < DepartmentNames.Length; d++)
            await Start<Department>(Department(d + 1), new DepartmentCreated(Department(d + 1), DepartmentNames[d], admin, now));

        Guid economic = Department(1), market = Department(2), enforcement = Department(3), resources = Department(4);
        var users = new List<DemoUser>();
        async Task Person(int n, string name, Guid department, string role, string note)
        {
            var id = Id("staff", n);
            await Start<StaffMember>(id, new StaffRegistered(id, name, department, [role], null, admin, now));
            users.Add(new DemoUser(id, name, role, note));
        }
        await Person(1, "Zhou Min", economic, Roles.Admin, "administrator");
        await Person(2, "Xu Jing", economic, Roles.Supervisor, "supervision office");
        await Person(3, "Wang Fang", economic, Roles.Dispatcher, "secretary (秘书) of the key enterprises");
        await Person(4, "Li Na", economic, Roles.Dispatcher, "dispatch desk");
        await Person(5, "Zhang Wei", economic, Roles.Staff, DepartmentNames[0]);
        await Person(6, "Liu Yang", market, Roles.Staff, DepartmentNames[1]);
        await Person(7, "Chen Gang", enforcement, Roles.Staff, DepartmentNames[2]);
        await Person(8, "Yang Li", resources, Roles.Staff, DepartmentNames[3]);
        await Person(9, "Huang Jun", economic, Roles.Lead, "leads the three task forces");
        Guid secretary = Id("staff", 3), lead = Id("staff", 9);

        var forces = new (string Name, TaskForceKind Kind, Guid[] Members, Guid[] Departments)[]
        {
            ("Talent and Labour Task Force", TaskForceKind.Thematic, [Id("staff", 5), Id("staff", 6)], [economic, market]),
            ("Land and Approvals Task Force", TaskForceKind.Thematic, [Id("staff", 7), Id("staff", 8)], [enforcement, resources, market]),
            ("Hengxin New Materials Plant Project Task Force", TaskForceKind.Project, [Id("staff", 5), Id("staff", 8)], [economic, resources]),
        };
        for (var t = 0; t < forces.Length; t++)
        {
            var (name, kind, members, departments) = forces[t];
            var id = Id("task-force", t + 1);
            await Start<TaskForce>(id, new TaskForceCreated(id, name, kind, lead, members, departments, admin, now));
        }

        for (var e = 0; e < Enterprises.Length; e++)
        {
            var (name, industry, isKey) = Enterprises[e];
            var id = Enterprise(e + 1);
            await Start<Enterprise>(id, new EnterpriseRegistered(id, name, CreditCodeOf(e + 1), isKey, isKey ? secretary : null, industry,
                $"{e + 1} Xinsheng Road, Weifang High-tech Zone", admin, now));
            var contactId = Id("contact", e + 1);
            var contactName = $"Contact of {name.Split(' ')[0]}";
            await Start<Contact>(contactId, new ContactRegistered(contactId, id, contactName, null, admin, now));
            users.Add(new DemoUser(contactId, contactName, Roles.Contact, name));
        }

        var routes = new Dictionary<Category, Guid[]>
        {
            [Category.Funding] = [economic], [Category.Talent] = [economic], [Category.Labour] = [economic, market],
            [Category.LandAndPlant] = [resources], [Category.ApprovalsAndPermits] = [market, resources],
            [Category.PolicyBenefits] = [economic], [Category.Infrastructure] = [enforcement, resources],
            [Category.Housing] = [resources], [Category.Other] = [economic],
        };
        var table = await session.LoadAsync<RoutingTable>(RoutingTable.StreamId, ct);
        var missing = routes.Where(r => table is null || !table.DepartmentsFor(r.Key).SequenceEqual(r.Value))
            .Select(r => (object)new RouteSet(r.Key, r.Value, admin, now)).ToArray();
        if (missing.Length > 0)
        {
            if (table is null) session.Events.StartStream<RoutingTable>(RoutingTable.StreamId, missing);
            else session.Events.Append(RoutingTable.StreamId, missing);
        }

        await session.SaveChangesAsync(ct);
        return users;
    }
}

/// <summary>`seed-demo`: loads <see cref="DemoZone"/> and prints each demo user with a 12-hour development token.</summary>
[Description("Load the demo zone (idempotent) and print its users with 12-hour development tokens", Name = "seed-demo")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var services = host.Services;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var users = await DemoZone.SeedAsync(services.GetRequiredService<IDocumentStore>(), now);
        var auth = services.GetRequiredService<AuthOptions>();
        var signs = !string.IsNullOrWhiteSpace(auth.SigningKey);

        Console.WriteLine($"Demo zone loaded: 4 departments, 3 task forces, {users.Count(u => u.Role == Roles.Contact)} enterprises with a contact each, routing for every category.");
        if (!signs) Console.WriteLine("No Auth:SigningKey configured: get tokens for these ids from the identity provider.");
        foreach (var u in users)
        {
            Console.WriteLine($"{u.Role,-10} {u.Id}  {u.Name} ({u.Note})");
            if (signs) Console.WriteLine($"           {Identity.MintDevelopmentToken(auth, u.Id, [u.Role], now, TimeSpan.FromHours(12))}");
        }
        return true;
    }
}
