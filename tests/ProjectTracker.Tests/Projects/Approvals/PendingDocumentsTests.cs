using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Approvals;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>
/// The lead enterprise's contacts read the checklist and record the pending documents' references;
/// a department sees the procedures it is responsible for in its procedure queue (2030: weekends only).
/// </summary>
public class PendingDocumentsTests : IAsyncLifetime
{
    private readonly ProjectZone _zone = new();   // Monday 2030-03-04 09:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private static readonly DateOnly Friday = new(2030, 3, 8);
    private static readonly string[] Pending = ["Soil survey report", "Traffic impact study"];

    private async Task<(Guid Project, Guid Item)> AcceptedAsync(string name = "Precision bearings plant")
    {
        var id = (await _zone.RegisterAsync(name: name, plans: ProjectZone.Plan("ConstructionStarted", new DateOnly(2030, 4, 15)))).Id;
        var added = await _zone.PostAsync($"/api/projects/{id}/checklist", new { kind = "LandUse", departmentId = _zone.EconomicBureau }, _zone.MemberToken);
        var item = (await added.ReadAsJsonAsync<ChecklistView>())!.Items.Single().Id;
        await _zone.PostAsync($"/api/projects/{id}/checklist/{item}/accept", new { pendingDocuments = Pending, promisedBy = Friday }, _zone.MemberToken);
        return (id, item);
    }

    private async Task<ProcedureView> SubmitAsync(Guid id, Guid item, string token, params (string Name, string Reference)[] documents)
    {
        var result = await _zone.PostAsync($"/api/projects/{id}/checklist/{item}/documents",
            new { documents = documents.Select(d => new { name = d.Name, reference = d.Reference }) }, token);
        return (await result.ReadAsJsonAsync<ChecklistView>())!.Items.Single(i => i.Id == item);
    }

    [Fact]
    public async Task the_lead_enterprises_contact_records_references_and_only_a_promise_left_partly_unkept_is_escalated()
    {
        var (partly, partlyItem) = await AcceptedAsync();
        var (kept, keptItem) = await AcceptedAsync();

        var seen = await _zone.GetAsync<ChecklistView>($"/api/projects/{partly}/checklist", _zone.KeyContactToken);
        Assert.Equal(Pending, seen.Items.Single().DocumentsStillPending);

        var item = await SubmitAsync(partly, partlyItem, _zone.KeyContactToken, ("soil survey report ", "Archive box 12, file 2030-017"));
        var submitted = Assert.Single(item.SubmittedDocuments);
        Assert.Equal(("Soil survey report", "Archive box 12, file 2030-017", _zone.KeyContact), (submitted.Name, submitted.Reference, submitted.By));
        Assert.Equal(["Traffic impact study"], item.DocumentsStillPending);
        await SubmitAsync(kept, keptItem, _zone.KeyContactToken, ("Soil survey report", "Archive box 12, file 2030-018"));
        Assert.Empty((await SubmitAsync(kept, keptItem, _zone.MemberToken, ("Traffic impact study", "Online portal ref. TIS-4471"))).DocumentsStillPending);

        await _zone.AdvanceToAsync(ProjectZone.EndOf(Friday).AddMinutes(1));
        Assert.Contains("1 of 2", Assert.Single(await _zone.EscalationsForAsync(partly)).Summary);
        Assert.Empty(await _zone.EscalationsForAsync(kept));
    }

    [Fact]
    public async Task a_document_not_pending_a_missing_reference_another_enterprise_or_nothing_pending_is_refused_and_leaves_no_event()
    {
        var (id, item) = await AcceptedAsync();
        var before = await _zone.EventCount(id);
        async Task<string> Refused(object body, int status, string? token = null) =>
            await (await _zone.PostAsync($"/api/projects/{id}/checklist/{item}/documents", body, token ?? _zone.KeyContactToken, status)).ReadAsTextAsync();

        Assert.Contains("\"documents[0].name\"", await Refused(new { documents = new[] { new { name = "Fire plan", reference = "Box 3" } } }, 400));
        Assert.Contains("\"documents[1].name\"", await Refused(new { documents = new[] { new { name = "Soil survey report", reference = "Box 3" },
            new { name = "SOIL SURVEY REPORT", reference = "Box 4" } } }, 400));
        Assert.Contains("\"documents[0].reference\"", await Refused(new { documents = new[] { new { name = "Soil survey report", reference = " " } } }, 400));
        Assert.Contains("\"documents\"", await Refused(new { documents = Array.Empty<object>() }, 400));
        await Refused(new { documents = new[] { new { name = "Soil survey report", reference = "Box 3" } } }, 404, _zone.OtherContactToken);
        await Refused(new { documents = new[] { new { name = "Soil survey report", reference = "Box 3" } } }, 403, _zone.SupervisorToken);
        Assert.Equal(before, await _zone.EventCount(id));

        await _zone.PostAsync($"/api/projects/{id}/checklist/{item}/approve", new { }, _zone.MemberToken);
        await Refused(new { documents = new[] { new { name = "Soil survey report", reference = "Box 3" } } }, 409);
    }

    [Fact]
    public async Task a_department_sees_the_open_procedures_it_is_responsible_for_earliest_due_first()
    {
        var (bearings, land) = await AcceptedAsync("Bearings plant");
        var valves = (await _zone.RegisterAsync(name: "Valves plant", plans: ProjectZone.Plan("ConstructionStarted", new DateOnly(2030, 3, 25)))).Id;
        var added = await _zone.PostAsync($"/api/projects/{valves}/checklist", new { kind = "ConstructionPermit", departmentId = _zone.EconomicBureau }, _zone.MemberToken);
        var permit = (await added.ReadAsJsonAsync<ChecklistView>())!.Items.Single().Id;
        await _zone.PostAsync($"/api/projects/{valves}/checklist", new { kind = "FireDesign", departmentId = _zone.MarketBureau }, _zone.MemberToken);

        var economic = await _zone.GetAsync<Paged<ProcedureQueueItem>>("/api/queues/procedures", _zone.EconomicToken);
        Assert.Equal([(valves, permit), (bearings, land)], economic.Items.Select(i => (i.ProjectId, i.Procedure.Id)));
        Assert.Equal(("Valves plant", new DateOnly(2030, 3, 22), false), (economic.Items[0].ProjectName, economic.Items[0].Procedure.Due, economic.Items[0].Overdue));
        var market = await _zone.GetAsync<Paged<ProcedureQueueItem>>("/api/queues/procedures", _zone.MarketToken);
        Assert.Equal("FireDesign", Assert.Single(market.Items).Procedure.Kind);

        await _zone.PostAsync($"/api/projects/{bearings}/checklist/{land}/approve", new { }, _zone.MemberToken);
        Assert.Equal([permit], (await _zone.GetAsync<Paged<ProcedureQueueItem>>("/api/queues/procedures", _zone.EconomicToken)).Items.Select(i => i.Procedure.Id));
        foreach (var token in new[] { _zone.KeyContactToken, _zone.SecretaryToken })
            await _zone.Host.Scenario(s => { s.Get.Url("/api/queues/procedures"); s.WithBearerToken(token); s.StatusCodeShouldBe(403); });
    }
}
