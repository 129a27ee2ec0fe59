using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Escalations;
using ProjectTracker.Projects.Approvals;
using Wolverine;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>
/// A procedure past its due draws one escalation per due, through the durable scheduler, on a fake
/// clock in 2030 (ahead of real time, so the scheduler fires only when the test moves the clock).
/// </summary>
public class ProcedureDeadlineTests : IAsyncLifetime
{
    private readonly ProjectZone _zone = new();   // Monday 2030-03-04 09:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private static readonly DateOnly Friday = new(2030, 3, 15);

    private async Task<(Guid Project, Guid Item)> PermitDueFridayAsync()
    {
        var id = (await _zone.RegisterAsync(plans: ProjectZone.Plan("ConstructionStarted", new DateOnly(2030, 3, 18)))).Id;
        var result = await _zone.PostAsync($"/api/projects/{id}/checklist", new { kind = "ConstructionPermit", departmentId = _zone.EconomicBureau }, _zone.MemberToken);
        var item = (await result.ReadAsJsonAsync<ChecklistView>())!.Items.Single();
        Assert.Equal(Friday, item.Due);
        return (id, item.Id);
    }

    [Fact]
    public async Task an_open_procedure_past_its_due_is_escalated_once_naming_its_department_and_a_moved_due_leaves_the_old_one_silent()
    {
        var (late, item) = await PermitDueFridayAsync();
        var (moved, _) = await PermitDueFridayAsync();
        await _zone.MilestoneAsync(moved, "ConstructionStarted", "replan", new { date = new DateOnly(2030, 3, 25), reason = "Contractor mobilises a week later" });

        await _zone.AdvanceToAsync(ProjectZone.EndOf(Friday).AddMinutes(-1));
        Assert.Empty(await _zone.EscalationsForAsync(late));
        await _zone.AdvanceToAsync(ProjectZone.EndOf(Friday).AddMinutes(1));

        var escalation = Assert.Single(await _zone.EscalationsForAsync(late));
        Assert.Equal((EscalationKind.ProcedureOverdue, EscalationLevel.Accountability), (escalation.Kind, escalation.Level));
        Assert.Equal([new Responsible(ResponsibleKind.Department, _zone.EconomicBureau)], escalation.Responsible);
        Assert.Equal(("ConstructionPermit", ProjectZone.EndOf(Friday)), (escalation.Milestone, escalation.DueAt));
        Assert.Empty(await _zone.EscalationsForAsync(moved));   // its due is now 03-22

        // The same deadline delivered again (a retry, a second node) raises nothing more.
        using (var scope = _zone.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ProcedureDeadline(late, item, Friday));
        Assert.Single(await _zone.EscalationsForAsync(late));

        // A week on, the moved due passes; the first procedure stays escalated once (its start's own milestone is late by then too).
        await _zone.AdvanceToAsync(ProjectZone.EndOf(new DateOnly(2030, 3, 22)).AddMinutes(1));
        Assert.Equal(ProjectZone.EndOf(new DateOnly(2030, 3, 22)), Assert.Single(await _zone.EscalationsForAsync(moved)).DueAt);
        Assert.Single(await _zone.EscalationsForAsync(late), e => e.Kind == EscalationKind.ProcedureOverdue);
    }

    [Fact]
    public async Task a_procedure_that_lapsed_while_its_project_was_suspended_is_escalated_at_the_end_of_the_day_it_resumes()
    {
        var (project, _) = await PermitDueFridayAsync();
        await _zone.PostAsync($"/api/projects/{project}/suspend", new { reason = "Financing under review." }, _zone.LeadToken);
        await _zone.AdvanceToAsync(ProjectZone.EndOf(Friday).AddHours(1));
        Assert.Empty(await _zone.EscalationsForAsync(project));   // suspended: supervision paused

        var monday = Friday.AddDays(3);
        await _zone.AdvanceToAsync(ProjectZone.EndOf(monday).AddHours(-8));
        await _zone.PostAsync($"/api/projects/{project}/resume", new { reason = "Financing approved." }, _zone.LeadToken);
        await _zone.AdvanceToAsync(ProjectZone.EndOf(monday).AddMinutes(-1));
        Assert.DoesNotContain(await _zone.EscalationsForAsync(project), e => e.Kind == EscalationKind.ProcedureOverdue);

        await _zone.AdvanceToAsync(ProjectZone.EndOf(monday).AddMinutes(1));
        var escalation = Assert.Single(await _zone.EscalationsForAsync(project), e => e.Kind == EscalationKind.ProcedureOverdue);
        Assert.Equal(ProjectZone.EndOf(Friday), escalation.DueAt);   // the procedure's own due, raised when supervision resumed
    }
}
