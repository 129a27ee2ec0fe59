using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Projects.Approvals;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>
/// The approvals checklist through the API, on the shipped 2026 calendar: Mid-Autumn (09-25),
/// National Day (10-01 to 10-07) off, Sunday 09-20 and Saturday 10-10 worked (调休).
/// </summary>
public class ChecklistTests : IAsyncLifetime
{
    private readonly ZoneBeforeNationalDay _zone = new();   // Wednesday 2026-07-01 10:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private static readonly DateOnly Start = new(2026, 10, 12);   // a Monday, right after the holiday

    private async Task<Guid> ProjectStartingAsync(DateOnly start) =>
        (await _zone.RegisterAsync(plans: ProjectZone.Plan("ConstructionStarted", start))).Id;

    private Task<ChecklistView> ChecklistAsync(Guid id) => _zone.GetAsync<ChecklistView>($"/api/projects/{id}/checklist", _zone.SupervisorToken);

    private async Task<IScenarioResult> AddAsync(Guid id, string kind, Guid[]? prerequisites = null, int status = 200) =>
        await _zone.PostAsync($"/api/projects/{id}/checklist", new { kind, departmentId = _zone.EconomicBureau, prerequisites }, _zone.MemberToken, status);

    private async Task<Guid> AddItemAsync(Guid id, string kind, params Guid[] prerequisites)
    {
        var view = (await (await AddAsync(id, kind, prerequisites)).ReadAsJsonAsync<ChecklistView>())!;
        return view.Items.Last().Id;
    }

    /// <summary>Land use → planning permit → drawings review → construction permit, the start on 10-12.</summary>
    private async Task<(Guid Project, Guid Land, Guid Planning, Guid Drawings, Guid Permit)> ChainAsync(DateOnly start)
    {
        var id = await ProjectStartingAsync(start);
        var land = await AddItemAsync(id, "LandUse");
        var planning = await AddItemAsync(id, "PlanningPermit", land);
        var drawings = await AddItemAsync(id, "constructiondrawingsreview", planning);
        var permit = await AddItemAsync(id, "ConstructionPermit", drawings);
        return (id, land, planning, drawings, permit);
    }

    /// <summary>
    /// The checklist's events on the project stream. Not the stream's version: on this fake clock in
    /// the real past, the start's durable MilestoneDeadline is due on real time and may append its
    /// MilestoneDeadlinePassed whenever the scheduler polls.
    /// </summary>
    private async Task<int> ChecklistEventsAsync(Guid id)
    {
        await using var session = _zone.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Count(e => e.Data.GetType().Namespace == typeof(ProcedureAdded).Namespace);
    }

    private static Dictionary<Guid, ProcedureView> ById(ChecklistView view) => view.Items.ToDictionary(i => i.Id);

    [Fact]
    public async Task a_chain_of_four_is_back_scheduled_in_working_days_over_national_day()
    {
        var (id, land, planning, drawings, permit) = await ChainAsync(Start);
        var items = ById(await ChecklistAsync(id));

        // Permit (5 days) due Saturday 10-10, a working day, its days 10-10, 10-09, 10-08, 09-30, 09-29 (the holiday skipped).
        Assert.Equal((new DateOnly(2026, 10, 10), new DateOnly(2026, 9, 29)), (items[permit].Due, items[permit].LatestStart));
        // Drawings (10 days) due Monday 09-28, back over Mid-Autumn and the worked Sunday 09-20, from 09-15.
        Assert.Equal((new DateOnly(2026, 9, 28), new DateOnly(2026, 9, 15)), (items[drawings].Due, items[drawings].LatestStart));
        Assert.Equal((new DateOnly(2026, 9, 14), new DateOnly(2026, 9, 1)), (items[planning].Due, items[planning].LatestStart));
        Assert.Equal((new DateOnly(2026, 8, 31), new DateOnly(2026, 8, 4)), (items[land].Due, items[land].LatestStart));
        Assert.Equal(("用地", "Land use", 20), (items[land].KindZh, items[land].KindEn, items[land].StandardWorkingDays));
        Assert.Equal("ConstructionDrawingsReview", items[drawings].Kind);   // the catalogue's spelling
        Assert.Null((await ChecklistAsync(id)).Shortfall);
        // Land use moved each time something needing it (directly or not) was added: three reschedules with reasons.
        Assert.Equal(3, items[land].DueChanges.Length);
        Assert.All(items[land].DueChanges, c => Assert.Contains("added, needing it", c.Reason));
        Assert.Equal(new DateOnly(2026, 10, 10), items[land].DueChanges[0].From);
    }

    [Fact]
    public async Task replanning_the_start_reschedules_open_items_with_the_reason_and_names_the_chain_that_cannot_fit()
    {
        var (id, land, planning, drawings, permit) = await ChainAsync(Start);
        await _zone.MilestoneAsync(id, "ConstructionStarted", "replan", new { date = new DateOnly(2026, 8, 14), reason = "Investor asks to start before autumn" });

        var view = await ChecklistAsync(id);
        var items = ById(view);
        Assert.Equal(new DateOnly(2026, 8, 14), view.PlannedStart);
        Assert.Equal(new DateOnly(2026, 8, 13), items[permit].Due);
        Assert.Equal(new DateOnly(2026, 8, 6), items[drawings].Due);
        Assert.Equal(new DateOnly(2026, 7, 23), items[planning].Due);
        Assert.Equal(new DateOnly(2026, 7, 9), items[land].Due);
        var change = items[permit].DueChanges.Last();
        Assert.Equal((new DateOnly(2026, 10, 10), new DateOnly(2026, 8, 13)), (change.From, change.To));
        Assert.Equal("construction start replanned: Investor asks to start before autumn", change.Reason);
        // Land use takes 20 working days but only 7 remain before its due (07-01..07-09): short by 13, and it holds up the whole chain.
        Assert.NotNull(view.Shortfall);
        Assert.Equal(13, view.Shortfall!.WorkingDays);
        Assert.Equal([land, planning, drawings, permit], view.Shortfall.Chain);
    }

    [Fact]
    public async Task a_prerequisite_cycle_is_refused_naming_the_field_and_leaves_no_event()
    {
        var (id, land, _, _, permit) = await ChainAsync(Start);
        var before = await ChecklistEventsAsync(id);

        var refused = await _zone.PostAsync($"/api/projects/{id}/checklist/{land}/prerequisites",
            new { prerequisites = new[] { permit }, reason = "Land needs the permit" }, _zone.MemberToken, 400);
        var problem = await refused.ReadAsTextAsync();
        Assert.Contains("\"prerequisites\"", problem);
        Assert.Contains("cycle", problem);

        Assert.Equal(before, await ChecklistEventsAsync(id));
        Assert.Empty(ById(await ChecklistAsync(id))[land].Prerequisites);
    }

    [Fact]
    public async Task an_unknown_kind_a_missing_start_and_approving_before_a_prerequisite_are_refused()
    {
        var (id, land, planning, _, _) = await ChainAsync(Start);
        var before = await ChecklistEventsAsync(id);

        Assert.Contains("\"kind\"", await (await AddAsync(id, "Demolition", status: 400)).ReadAsTextAsync());
        Assert.Contains("\"prerequisites[0]\"", await (await AddAsync(id, "Other", [Guid.NewGuid()], status: 400)).ReadAsTextAsync());
        await _zone.PostAsync($"/api/projects/{id}/checklist/{planning}/apply", new { }, _zone.MemberToken);
        var refused = await _zone.PostAsync($"/api/projects/{id}/checklist/{planning}/approve", new { }, _zone.MemberToken, 409);
        Assert.Contains("\"prerequisites\"", await refused.ReadAsTextAsync());
        Assert.Equal(before + 1, await ChecklistEventsAsync(id));   // only the application

        var unplanned = (await _zone.RegisterAsync()).Id;
        await AddAsync(unplanned, "LandUse", status: 409);

        // Land approved, then planning can be.
        await _zone.PostAsync($"/api/projects/{id}/checklist/{land}/accept",
            new { pendingDocuments = new[] { "Soil survey" }, promisedBy = new DateOnly(2026, 7, 20) }, _zone.MemberToken);
        await _zone.PostAsync($"/api/projects/{id}/checklist/{land}/approve", new { }, _zone.MemberToken);
        var items = ById((await (await _zone.PostAsync($"/api/projects/{id}/checklist/{planning}/approve", new { }, _zone.MemberToken)).ReadAsJsonAsync<ChecklistView>())!);
        Assert.Equal((ProcedureState.Approved, ProcedureState.Approved), (items[land].State, items[planning].State));
        Assert.Equal(["Soil survey"], items[land].PendingDocuments);
    }
}

public sealed class ZoneBeforeNationalDay : ProjectZone
{
    protected override DateTimeOffset Start => DateTimeOffset.Parse("2026-07-01T10:00:00+08:00");
}
