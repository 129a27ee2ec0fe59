using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Escalations;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Overdue;
using ProjectTracker.Projects.Reading;
using Wolverine;

namespace ProjectTracker.Tests.Projects;

/// <summary>
/// Planned milestones fall due at the end of their day in the zone, on a fake clock, through
/// Wolverine's durable scheduler. Tests share one zone and look at their own project's escalations.
/// </summary>
public class MilestoneDeadlineTests(ProjectZone zone) : IClassFixture<ProjectZone>
{
    [Fact]
    public async Task an_unachieved_milestone_draws_accountability_naming_its_task_force_once_when_its_day_ends()
    {
        var day = zone.Today.AddDays(1);
        var late = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);
        var onTime = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);
        await zone.AchieveAsync(onTime.Id, "Signed", zone.Today);

        await zone.AdvanceToAsync(ProjectZone.EndOf(day).AddMinutes(-1));
        Assert.Empty(await zone.EscalationsForAsync(late.Id));
        Assert.False((await zone.GetProjectAsync(late.Id)).Late);

        await zone.AdvanceToAsync(ProjectZone.EndOf(day).AddMinutes(1));

        var escalation = Assert.Single(await zone.EscalationsForAsync(late.Id));
        Assert.Equal(EscalationKind.MilestoneOverdue, escalation.Kind);
        Assert.Equal(EscalationLevel.Accountability, escalation.Level);
        Assert.Equal([new Responsible(ResponsibleKind.TaskForce, zone.LandTaskForce)], escalation.Responsible);
        Assert.Equal("Signed", escalation.Milestone);
        Assert.Equal(ProjectZone.EndOf(day), escalation.DueAt);
        Assert.Empty(await zone.EscalationsForAsync(onTime.Id));

        var details = await zone.GetProjectAsync(late.Id);
        Assert.True(details.Late);
        Assert.True(details.Milestones[0].Late);
        Assert.Equal(-1, details.Milestones[0].DaysAhead);
        Assert.Equal([escalation.Id], details.Milestones[0].EscalationIds);
        var portfolio = await zone.GetAsync<ProjectTracker.Infrastructure.Paged<PortfolioItem>>("/api/projects?lateOnly=true&pageSize=200", zone.SupervisorToken);
        Assert.Contains(portfolio.Items, p => p.Id == late.Id);
        Assert.DoesNotContain(portfolio.Items, p => p.Id == onTime.Id);

        // The same deadline delivered again (a retry, a second node) raises nothing more.
        using (var scope = zone.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new MilestoneDeadline(late.Id, Milestone.Signed, 1));
        Assert.Single(await zone.EscalationsForAsync(late.Id));
        var timeline = await zone.GetAsync<ProjectTimeline>($"/api/projects/{late.Id}/timeline", zone.SupervisorToken);
        Assert.Single(timeline.Events, e => e.Event == nameof(MilestoneDeadlinePassed));
    }

    [Fact]
    public async Task a_deadline_delivered_before_its_due_by_the_services_clock_waits_and_accuses_no_one_early()
    {
        var day = zone.Today.AddDays(1);
        var project = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);

        // Delivered early (the scheduler's clock ahead of ours): nothing is raised, the deadline waits for its due.
        using (var scope = zone.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new MilestoneDeadline(project.Id, Milestone.Signed, 1));
        Assert.Empty(await zone.EscalationsForAsync(project.Id));
        Assert.False((await zone.GetProjectAsync(project.Id)).Late);

        await zone.AdvanceToAsync(ProjectZone.EndOf(day).AddMinutes(1));
        var escalation = Assert.Single(await zone.EscalationsForAsync(project.Id));
        Assert.Equal(ProjectZone.EndOf(day), escalation.DueAt);
    }

    [Fact]
    public async Task replanning_before_the_date_moves_the_deadline_and_the_old_one_raises_nothing()
    {
        var first = zone.Today.AddDays(2);
        var project = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", first)]);
        var second = first.AddDays(3);
        var replanned = (await zone.MilestoneAsync(project.Id, "Signed", "replan", new { date = second, reason = "Land approval slipped a week." }))!;
        Assert.Equal(first, replanned.Milestones[0].OriginalPlanned);
        Assert.Equal(second, replanned.Milestones[0].Planned);
        Assert.Equal(new[] { (first, second) }, replanned.Milestones[0].Replans.Select(r => (r.From, r.To)));

        await zone.AdvanceToAsync(ProjectZone.EndOf(first).AddMinutes(1));
        Assert.Empty(await zone.EscalationsForAsync(project.Id));
        Assert.False((await zone.GetProjectAsync(project.Id)).Late);

        await zone.AdvanceToAsync(ProjectZone.EndOf(second).AddMinutes(1));
        var escalation = Assert.Single(await zone.EscalationsForAsync(project.Id));
        Assert.Equal(ProjectZone.EndOf(second), escalation.DueAt);
    }

    [Fact]
    public async Task replanning_after_the_date_keeps_the_escalation_already_raised()
    {
        var day = zone.Today.AddDays(1);
        var project = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);
        await zone.AdvanceToAsync(ProjectZone.EndOf(day).AddMinutes(1));
        var raised = Assert.Single(await zone.EscalationsForAsync(project.Id));

        var later = zone.Today.AddDays(10);
        var replanned = (await zone.MilestoneAsync(project.Id, "Signed", "replan", new { date = later, reason = "Investor's board meets later." }, zone.LeadToken))!;
        Assert.False(replanned.Milestones[0].Late);
        Assert.Equal(day, replanned.Milestones[0].OriginalPlanned);
        Assert.Equal([raised.Id], replanned.Milestones[0].EscalationIds);

        await zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromDays(2));
        var still = Assert.Single(await zone.EscalationsForAsync(project.Id));
        Assert.Equal(raised.Id, still.Id);
        Assert.Equal(EscalationStatus.Open, still.Status);
    }

    [Fact]
    public async Task a_suspended_project_does_not_escalate_and_on_resuming_has_the_rest_of_the_day_to_replan()
    {
        var day = zone.Today.AddDays(1);
        var lapses = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);
        var replans = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);
        var cancelled = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", day)]);
        foreach (var p in new[] { lapses, replans })
            await zone.PostAsync($"/api/projects/{p.Id}/suspend", new { reason = "Financing under review." }, zone.LeadToken);
        await zone.PostAsync($"/api/projects/{cancelled.Id}/cancel", new { reason = "Enterprise withdrew." }, zone.LeadToken);

        await zone.AdvanceToAsync(ProjectZone.EndOf(day).AddHours(1));
        foreach (var p in new[] { lapses, replans, cancelled })
            Assert.Empty(await zone.EscalationsForAsync(p.Id));
        Assert.True((await zone.GetProjectAsync(lapses.Id)).Milestones[0].Late);    // the date did pass
        Assert.False((await zone.GetProjectAsync(cancelled.Id)).Late);

        foreach (var p in new[] { lapses, replans })
            await zone.PostAsync($"/api/projects/{p.Id}/resume", new { reason = "Financing approved." }, zone.LeadToken);
        await zone.MilestoneAsync(replans.Id, "Signed", "replan", new { date = zone.Today.AddDays(7), reason = "Lost a week to the review." });
        Assert.Empty(await zone.EscalationsForAsync(lapses.Id));

        await zone.AdvanceToAsync(ProjectZone.EndOf(zone.Today).AddMinutes(1));

        var escalation = Assert.Single(await zone.EscalationsForAsync(lapses.Id));
        Assert.Equal(ProjectZone.EndOf(day), escalation.DueAt);
        Assert.Empty(await zone.EscalationsForAsync(replans.Id));
        Assert.Empty(await zone.EscalationsForAsync(cancelled.Id));
    }
}
