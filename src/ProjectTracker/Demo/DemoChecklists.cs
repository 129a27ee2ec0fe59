using Marten;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Approvals;
using Wolverine;

namespace ProjectTracker.Demo;

public static partial class DemoZone
{
    /// <summary>How far a demo procedure has got; each stage implies those before it.</summary>
    private enum DemoStage { NotApplied, Applied, AcceptedPendingDocuments, Approved }

    private sealed record DemoProcedure(int N, string Kind, int Department, int[] Needs, DemoStage Stage);

    /// <summary>
    /// Two approvals checklists (前期手续), through the real commands: the semiconductor line
    /// (construction in 45 days) well advanced, its drawings review accepted with documents pending
    /// (容缺受理); the MEMS line (construction in 50 days) just drawn up, its land use not applied for
    /// and 45 working days of chain ahead, so its start shows at risk. Each has a chief service officer.
    /// </summary>
    private static readonly (int Project, int Officer, DemoProcedure[] Procedures)[] Checklists =
    [
        (1, 8,
        [
            new(1, "LandUse", 4, [], DemoStage.Approved),
            new(2, "PlanningPermit", 4, [1], DemoStage.Approved),
            new(3, "EnvironmentalAssessment", 2, [], DemoStage.Applied),
            new(4, "ConstructionDrawingsReview", 3, [2], DemoStage.AcceptedPendingDocuments),
            new(5, "ConstructionPermit", 3, [3, 4], DemoStage.NotApplied),
        ]),
        (6, 7,
        [
            new(1, "LandUse", 4, [], DemoStage.NotApplied),
            new(2, "PlanningPermit", 4, [1], DemoStage.NotApplied),
            new(3, "EnergyReview", 1, [], DemoStage.NotApplied),
            new(4, "ConstructionDrawingsReview", 3, [2], DemoStage.NotApplied),
            new(5, "ConstructionPermit", 3, [3, 4], DemoStage.NotApplied),
        ]),
    ];

    public static Guid Procedure(int project, int n) => Id("procedure", project * 100 + n);

    /// <summary>Each step only if the project does not show it yet, so a second seed sends nothing.</summary>
    private static async Task SeedChecklistsAsync(IServiceProvider services, IMessageBus bus, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var policy = services.GetRequiredService<DeadlinePolicy>();
        var today = policy.ZoneToday(services.GetRequiredService<TimeProvider>().GetUtcNow());
        await using var session = store.QuerySession();
        var lead = (await Caller.LoadAsync(session, Id("staff", 9), ct))!;
        foreach (var (n, officer, procedures) in Checklists)
        {
            var id = Project(n);
            var recorder = (await Caller.LoadAsync(session, n == 6 ? Id("staff", 7) : Id("staff", 5), ct))!;
            async Task<Project> Load() { await using var s = store.QuerySession(); return (await s.LoadAsync<Project>(id, ct))!; }

            var project = await Load();
            if (project.ChiefServiceOfficer is null)
            {
                var staff = (await session.LoadAsync<Directory.Staff.StaffMember>(Id("staff", officer), ct))!;
                var forces = await session.Query<Directory.TaskForces.TaskForce>().Where(t => t.LeadId == staff.Id || t.MemberIds.Contains(staff.Id))
                    .Select(t => t.Id).ToListAsync(ct);
                await bus.InvokeAsync(new AppointChiefServiceOfficer(id, staff.Id, staff.Name, [.. forces],
                    "Chief service officer (首席服务员) for the pre-construction procedures", lead), ct);
            }
            foreach (var p in procedures.Where(p => project.Procedure(Procedure(n, p.N)) is null))
                await bus.InvokeAsync(new AddProcedure(id, Procedure(n, p.N), p.Kind, Department(p.Department), [.. p.Needs.Select(x => Procedure(n, x))], recorder), ct);

            // Approvals in the order prerequisites allow: the list is already in that order.
            foreach (var p in procedures)
            {
                var itemId = Procedure(n, p.N);
                var state = (await Load()).Procedure(itemId)!.State;
                if (p.Stage >= DemoStage.Applied && state == ProcedureState.NotApplied)
                    await bus.InvokeAsync(p.Stage == DemoStage.AcceptedPendingDocuments
                        ? new AcceptPendingDocuments(id, itemId, ["Fire protection design drawings (stamped)", "Geotechnical survey report"], today.AddDays(7), recorder)
                        : new ApplyForProcedure(id, itemId, recorder), ct);
                if (p.Stage == DemoStage.Approved && (await Load()).Procedure(itemId)!.State != ProcedureState.Approved)
                    await bus.InvokeAsync(new ApproveProcedure(id, itemId, recorder), ct);
            }
        }
    }
}
