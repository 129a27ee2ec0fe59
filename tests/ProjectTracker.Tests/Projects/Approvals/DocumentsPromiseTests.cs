using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Escalations;
using ProjectTracker.Projects.Approvals;
using Wolverine;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>
/// A procedure accepted with documents pending (容缺受理) whose promised date passes draws one
/// escalation naming the enterprise's secretary, through the durable scheduler, on the fake clock.
/// </summary>
public class DocumentsPromiseTests : IAsyncLifetime
{
    private readonly ProjectZone _zone = new();   // Monday 2030-03-04 09:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private static readonly DateOnly Friday = new(2030, 3, 8), NextFriday = new(2030, 3, 15);

    /// <summary>Land use (due 04-12, far off) on a project of <paramref name="enterprise"/>, accepted with a survey promised by <paramref name="promisedBy"/>.</summary>
    private async Task<(Guid Project, Guid Item)> AcceptedAsync(DateOnly promisedBy, Guid? enterprise = null)
    {
        var id = (await _zone.RegisterAsync(leadEnterpriseId: enterprise, plans: ProjectZone.Plan("ConstructionStarted", new DateOnly(2030, 4, 15)))).Id;
        var added = await _zone.PostAsync($"/api/projects/{id}/checklist", new { kind = "LandUse", departmentId = _zone.EconomicBureau }, _zone.MemberToken);
        var item = (await added.ReadAsJsonAsync<ChecklistView>())!.Items.Single().Id;
        await AcceptAsync(id, item, promisedBy);
        return (id, item);
    }

    private Task AcceptAsync(Guid id, Guid item, DateOnly promisedBy) => _zone.PostAsync($"/api/projects/{id}/checklist/{item}/accept",
        new { pendingDocuments = new[] { "Soil survey report" }, promisedBy }, _zone.MemberToken);

    [Fact]
    public async Task a_lapsed_promise_is_escalated_once_naming_the_enterprises_secretary_and_a_kept_or_replaced_one_stays_silent()
    {
        var (lapsed, item) = await AcceptedAsync(Friday);
        var (approved, approvedItem) = await AcceptedAsync(Friday);
        await _zone.PostAsync($"/api/projects/{approved}/checklist/{approvedItem}/approve", new { }, _zone.MemberToken);
        var (renewed, renewedItem) = await AcceptedAsync(Friday);
        await _zone.PostAsync($"/api/projects/{renewed}/checklist/{renewedItem}/reject", new { reason = "The survey is from 2019" }, _zone.MemberToken);
        await AcceptAsync(renewed, renewedItem, NextFriday);
        var (noSecretary, _) = await AcceptedAsync(Friday, _zone.OtherEnterprise);

        await _zone.AdvanceToAsync(ProjectZone.EndOf(Friday).AddMinutes(-1));
        Assert.Empty(await _zone.EscalationsForAsync(lapsed));
        await _zone.AdvanceToAsync(ProjectZone.EndOf(Friday).AddMinutes(1));

        var escalation = Assert.Single(await _zone.EscalationsForAsync(lapsed));
        Assert.Equal((EscalationKind.ProcedureOverdue, EscalationLevel.Warning), (escalation.Kind, escalation.Level));
        Assert.Equal([new Responsible(ResponsibleKind.Secretary, _zone.Secretary)], escalation.Responsible);
        Assert.Equal(("LandUse", ProjectZone.EndOf(Friday), _zone.KeyEnterprise), (escalation.Milestone, escalation.DueAt, escalation.EnterpriseId));
        Assert.Contains("容缺受理", escalation.Summary);
        Assert.Empty(await _zone.EscalationsForAsync(approved));
        Assert.Empty(await _zone.EscalationsForAsync(renewed));   // its promise is now the 15th
        Assert.Equal([new Responsible(ResponsibleKind.DispatchDesk, null)], Assert.Single(await _zone.EscalationsForAsync(noSecretary)).Responsible);

        // The same deadline delivered again (a retry, a second node) raises nothing more.
        using (var scope = _zone.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new DocumentsPromiseDeadline(lapsed, item, Friday));
        Assert.Single(await _zone.EscalationsForAsync(lapsed));
        var checklist = await _zone.GetAsync<ChecklistView>($"/api/projects/{lapsed}/checklist", _zone.SupervisorToken);
        Assert.Equal(escalation.Id, Assert.Single(checklist.Items.Single().EscalationIds));

        // The renewed promise lapses a week on, once, for its own date.
        await _zone.AdvanceToAsync(ProjectZone.EndOf(NextFriday).AddMinutes(1));
        Assert.Equal(ProjectZone.EndOf(NextFriday), Assert.Single(await _zone.EscalationsForAsync(renewed)).DueAt);
        Assert.Single(await _zone.EscalationsForAsync(lapsed));
    }
}
