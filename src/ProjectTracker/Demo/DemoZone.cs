using JasperFx.CommandLine;
using Marten;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Achieving;
using ProjectTracker.Projects.Overdue;
using ProjectTracker.Projects.Registering;
using ProjectTracker.Projects.Suspending;
using Wolverine;

namespace ProjectTracker.Demo;

/// <summary>
/// A small, made-up zone to try the service with: four bureaus, three task forces, one person per
/// role, a dozen enterprises (fictional names, valid credit codes) each with a contact, a
/// routing rule per category, and six key projects at different stages, two with approvals
/// checklists (<see cref="Checklists"/>). Ids are fixed, so
/// seeding twice changes nothing.
/// </summary>
public static partial class DemoZone
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
    public static Guid TaskForce(int n) => Id("task-force", n);
    public static Guid Project(int n) => Id("project", n);

    /// <summary>Weifang's division code, a running number, and the GB 32100 check character.</summary>
    public static string CreditCodeOf(int n) => CreditCode.WithCheckCharacter($"91370700MA3DM{n:D3}1");

    /// <summary>
    /// Needs a started host: the projects go through the real command handlers (Wolverine), on
    /// the host's clock, which is also the "now" of everything else seeded.
    /// </summary>
    public static async Task<IReadOnlyList<DemoUser>> SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
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
            var id = TaskForce(t + 1);
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
        await SeedProjectsAsync(services, ct);
        return users;
    }

    /// <summary>A milestone of a demo project: days from today in the zone, planned and (if so) achieved.</summary>
    private sealed record Step(Milestone Milestone, int Planned, int? Achieved = null);

    private sealed record DemoProject(int N, string Name, int Enterprise, decimal InvestmentYuan, string Industry, int TaskForce,
        string Location, Step[] Steps, string? SuspendedBecause = null);

    /// <summary>
    /// Signed only; construction started ahead of plan; plant delivered late (and moving in now
    /// overdue); producing; suspended with construction overdue; and one, owned by the land and
    /// approvals task force, still before signing. Achievements keep the milestones' order.
    /// </summary>
    private static readonly DemoProject[] Projects =
    [
        new(1, "Tianyi Advanced Semiconductor Packaging Line", 7, 1_200_000_000m, "Semiconductors", 3,
            "Plot C-03, Yuqing East Street, Weifang High-tech Zone",
            [new(Milestone.Signed, -30, -32), new(Milestone.ConstructionStarted, 45), new(Milestone.PlantDelivered, 330),
             new(Milestone.MovedIn, 365), new(Milestone.ProductionStarted, 450), new(Milestone.FullProduction, 630)]),
        new(2, "Huaxia New-Energy Power Equipment Plant", 5, 2_800_000_000m, "New energy equipment", 3,
            "Plot B-11, Dongfeng East Street, Weifang High-tech Zone",
            [new(Milestone.Signed, -150, -152), new(Milestone.ConstructionStarted, 20, -12), new(Milestone.PlantDelivered, 240),
             new(Milestone.MovedIn, 270), new(Milestone.ProductionStarted, 360), new(Milestone.FullProduction, 540)]),
        new(3, "Hengxin High-Performance Fibre Composites Plant", 1, 1_650_000_000m, "New materials", 3,
            "Plot A-05, Jinma Road, Weifang High-tech Zone",
            [new(Milestone.Signed, -420, -421), new(Milestone.ConstructionStarted, -360, -360), new(Milestone.PlantDelivered, -75, -30),
             new(Milestone.MovedIn, -10), new(Milestone.ProductionStarted, 60), new(Milestone.FullProduction, 240)]),
        new(4, "Lanshan Biomedical Industrial Park, Phase II", 3, 3_600_000_000m, "Biomedicine", 3,
            "Biomedical Park, Health East Street, Weifang High-tech Zone",
            [new(Milestone.Signed, -800, -800), new(Milestone.ConstructionStarted, -720, -725), new(Milestone.PlantDelivered, -380, -390),
             new(Milestone.MovedIn, -330, -335), new(Milestone.ProductionStarted, -150, -140), new(Milestone.FullProduction, 210)]),
        new(5, "Borui Intelligent Machine Tool Base", 2, 860_000_000m, "Intelligent manufacturing", 3,
            "Plot D-08, Shengli East Street, Weifang High-tech Zone",
            [new(Milestone.Signed, -210, -208), new(Milestone.ConstructionStarted, -20), new(Milestone.PlantDelivered, 300),
             new(Milestone.MovedIn, 330), new(Milestone.ProductionStarted, 420), new(Milestone.FullProduction, 600)],
            SuspendedBecause: "Land-use rights for plot D-08 are on hold pending the zone's planning adjustment; the enterprise has paused construction tendering."),
        new(6, "Jinyu MEMS Microphone Line Expansion", 4, 450_000_000m, "Electronics", 2,
            "Plot C-15, Yuqing East Street, Weifang High-tech Zone",
            [new(Milestone.Signed, 12), new(Milestone.ConstructionStarted, 50)]),
    ];

    public static int ProjectCount => Projects.Length;

    private static readonly Dictionary<Milestone, string> Evidence = new()
    {
        [Milestone.Signed] = "Investment agreement signed with the zone management committee; scan on file.",
        [Milestone.ConstructionStarted] = "Construction permit issued; ground-breaking photos on file.",
        [Milestone.PlantDelivered] = "Completion acceptance certificate and plant handover record on file.",
        [Milestone.MovedIn] = "Equipment move-in record signed by the enterprise.",
        [Milestone.ProductionStarted] = "Trial production report and first shipment invoice on file.",
        [Milestone.FullProduction] = "A full month at designed capacity, per the statistics report.",
    };

    /// <summary>
    /// Each project as its task force would have recorded it, through the real commands: it is
    /// registered with its plans still ahead, so each gets its durable deadline from the handler.
    /// Plans for days already past are the exception: a plan is a promise about the future and
    /// the handlers refuse past dates, so those are appended directly as a backfill (revision 1,
    /// the policy's due time). The deadline such a plan would have scheduled is delivered once,
    /// after the achievements and the suspension, as Wolverine would deliver one that has fallen
    /// due: the real handler raises nothing for an achieved milestone or a suspended project (its
    /// resume re-arms it) and escalates an active project's overdue one. Each step runs only if
    /// the project does not show it yet, so a second seed sends nothing.
    /// </summary>
    private static async Task SeedProjectsAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var policy = services.GetRequiredService<DeadlinePolicy>();
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        await using var session = store.LightweightSession();
        var today = policy.ZoneToday(clock.GetUtcNow());
        var lead = Id("staff", 9);
        // The demo's people act through the same decisions as anyone, as the directory knows them.
        var leadCaller = (await Caller.LoadAsync(session, lead, ct))!;

        foreach (var p in Projects)
        {
            var id = Project(p.N);
            var recorderId = p.TaskForce == 2 ? Id("staff", 7) : Id("staff", 5);   // a member of the owning task force
            var recorder = (await Caller.LoadAsync(session, recorderId, ct))!;
            if (await session.LoadAsync<Project>(id, ct) is null)
                await bus.InvokeAsync<Guid>(new RegisterProject(id, new RegisterProjectInput(p.Name, Enterprise(p.Enterprise), p.InvestmentYuan,
                    p.Industry, TaskForce(p.TaskForce), p.Location,
                    [.. p.Steps.Where(s => s.Planned > 0).Select(s => new PlannedDateInput(s.Milestone, today.AddDays(s.Planned)))]), lead), ct);
            var project = (await session.LoadAsync<Project>(id, ct))!;

            var backfill = p.Steps.Where(s => s.Planned <= 0 && project.Of(s.Milestone).Planned is null)
                .Select(s =>
                {
                    var day = today.AddDays(s.Planned);
                    return new MilestonePlanned(s.Milestone, day, 1, policy.MilestoneDue(day), recorderId, clock.GetUtcNow());
                })
                .ToArray();
            if (backfill.Length > 0)
            {
                session.Events.Append(id, backfill);
                await session.SaveChangesAsync(ct);
            }

            foreach (var s in p.Steps.Where(s => s.Achieved is not null && !project.Of(s.Milestone).Achieved))
                await bus.InvokeAsync(new AchieveMilestone(id, s.Milestone, today.AddDays(s.Achieved!.Value), Evidence[s.Milestone], null, recorder), ct);

            if (p.SuspendedBecause is { } reason && project.Status == ProjectStatus.Active)
                await bus.InvokeAsync(new SuspendProject(id, reason, leadCaller), ct);

            foreach (var planned in backfill)
                await bus.InvokeAsync(new MilestoneDeadline(id, planned.Milestone, planned.Revision), ct);
        }
        await SeedChecklistsAsync(services, bus, ct);
    }
}

/// <summary>`seed-demo`: loads <see cref="DemoZone"/> and prints each demo user with a 12-hour development token.</summary>
[Description("Load the demo zone (idempotent) and print its users with 12-hour development tokens", Name = "seed-demo")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        // The projects go through Wolverine's handlers, which run only in a started host; its web
        // server meanwhile listens on a throwaway loopback port, not the service's address.
        if (host is WebApplication app)
        {
            app.Urls.Clear();
            app.Urls.Add("http://127.0.0.1:0");
        }
        await host.StartAsync();
        var services = host.Services;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var users = await DemoZone.SeedAsync(services);
        await host.StopAsync();
        var auth = services.GetRequiredService<AuthOptions>();
        var signs = !string.IsNullOrWhiteSpace(auth.SigningKey);

        Console.WriteLine($"Demo zone loaded: 4 departments, 3 task forces, {users.Count(u => u.Role == Roles.Contact)} enterprises with a contact each, routing for every category, {DemoZone.ProjectCount} key projects at different stages, two with approvals checklists.");
        if (!signs) Console.WriteLine("No Auth:SigningKey configured: get tokens for these ids from the identity provider.");
        foreach (var u in users)
        {
            Console.WriteLine($"{u.Role,-10} {u.Id}  {u.Name} ({u.Note})");
            if (signs) Console.WriteLine($"           {Identity.MintDevelopmentToken(auth, u.Id, [u.Role], now, TimeSpan.FromHours(12))}");
        }
        return true;
    }
}
