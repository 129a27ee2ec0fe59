using Alba;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Projects;

/// <summary>Given a registered key project: planned, achieved in order (or not), suspended, cancelled.</summary>
public class ProjectLifecycleTests(ProjectZone zone) : IClassFixture<ProjectZone>
{
    [Fact]
    public async Task a_lead_registers_a_project_and_the_task_force_records_its_milestones_in_order()
    {
        var today = zone.Today;
        var registered = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", today.AddDays(5)), ProjectZone.Plan("ConstructionStarted", today.AddDays(30))]);

        Assert.Equal(ProjectStatus.Active, registered.Status);
        Assert.Equal(ProjectStage.Registered, registered.Stage);
        Assert.Equal(1_500_000_000m, registered.InvestmentYuan);
        Assert.Equal(Enum.GetValues<Milestone>(), registered.Milestones.Select(m => m.Milestone));
        Assert.Equal(today.AddDays(5), registered.Milestones[0].OriginalPlanned);
        Assert.Equal(ProjectZone.EndOf(today.AddDays(5)), registered.Milestones[0].Due);
        Assert.Null(registered.Milestones[2].Planned);

        var signed = (await zone.AchieveAsync(registered.Id, "Signed", today))!;
        Assert.Equal(ProjectStage.Signed, signed.Stage);
        Assert.Equal(5, signed.Milestones[0].DaysAhead);
        Assert.False(signed.Milestones[0].Late);
        Assert.Null(signed.Milestones[0].OutOfOrderReason);
        Assert.Equal(zone.TaskForceMember, signed.Milestones[0].RecordedBy);

        await zone.MilestoneAsync(registered.Id, "plantDelivered", "plan", new { date = today.AddDays(60) }, zone.LeadToken);
        var started = (await zone.AchieveAsync(registered.Id, "ConstructionStarted", today))!;
        Assert.Equal(ProjectStage.ConstructionStarted, started.Stage);
        Assert.Equal(30, started.Milestones[1].DaysAhead);
        Assert.Equal(today.AddDays(60), started.Milestones[2].Planned);

        var seenByEnterprise = await zone.GetProjectAsync(registered.Id, zone.KeyContactToken);
        Assert.Equal(ProjectStage.ConstructionStarted, seenByEnterprise.Stage);
    }

    [Fact]
    public async Task a_milestone_ahead_of_its_predecessors_is_refused_without_a_reason_and_recorded_with_one()
    {
        var project = await zone.RegisterAsync();
        var before = await zone.EventCount(project.Id);

        var refused = await zone.PostAsync($"/api/projects/{project.Id}/milestones/PlantDelivered/achieve",
            new { date = zone.Today, evidence = "Handover certificate." }, zone.MemberToken, 400);
        Assert.Contains("outOfOrderReason", await refused.ReadAsTextAsync());
        Assert.Equal(before, await zone.EventCount(project.Id));

        var recorded = (await zone.AchieveAsync(project.Id, "PlantDelivered", zone.Today, "The enterprise leased a finished plant; signing follows."))!;
        var plant = recorded.Milestones.Single(m => m.Milestone == Milestone.PlantDelivered);
        Assert.Equal("The enterprise leased a finished plant; signing follows.", plant.OutOfOrderReason);
        Assert.Equal(ProjectStage.PlantDelivered, recorded.Stage);

        // Signing afterwards is in order again (nothing before it), so no reason is needed.
        var signed = (await zone.AchieveAsync(project.Id, "Signed", zone.Today))!;
        Assert.Null(signed.Milestones[0].OutOfOrderReason);
        // An earlier milestone achieved on a later date is out of order too.
        await zone.AchieveAsync(project.Id, "ConstructionStarted", zone.Today.AddDays(-10), status: 400);
    }

    [Fact]
    public async Task planning_twice_replanning_nothing_and_achieving_twice_are_conflicts()
    {
        var project = await zone.RegisterAsync(plans: [ProjectZone.Plan("Signed", zone.Today.AddDays(3))]);

        await zone.MilestoneAsync(project.Id, "Signed", "plan", new { date = zone.Today.AddDays(4) }, status: 409);
        await zone.MilestoneAsync(project.Id, "MovedIn", "replan", new { date = zone.Today.AddDays(4), reason = "r" }, status: 409);
        await zone.AchieveAsync(project.Id, "Signed", zone.Today);
        await zone.AchieveAsync(project.Id, "Signed", zone.Today, status: 409);
        await zone.MilestoneAsync(project.Id, "Signed", "replan", new { date = zone.Today.AddDays(9), reason = "r" }, status: 409);
        await zone.AchieveAsync(project.Id, "ConstructionStarted", zone.Today.AddDays(1), status: 400);   // in the future
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { """{"leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{T}","location":"l"}""", "name" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":0,"industry":"i","taskForceId":"{T}","location":"l"}""", "investmentYuan" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000000000000.01,"industry":"i","taskForceId":"{T}","location":"l"}""", "investmentYuan" },
        { """{"name":"n","leadEnterpriseId":"{E}","industry":"i","taskForceId":"{T}","location":"l"}""", "investmentYuan" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":"lots","industry":"i","taskForceId":"{T}","location":"l"}""", "investmentYuan" },
        { """{"name":"NAME","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{T}","location":"l"}""", "name" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{T}"}""", "location" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"taskForceId":"{T}","location":"l"}""", "industry" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","location":"l"}""", "taskForceId" },
        { """{"name":"n","leadEnterpriseId":"{X}","investmentYuan":1000,"industry":"i","taskForceId":"{T}","location":"l"}""", "leadEnterpriseId" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{X}","location":"l"}""", "taskForceId" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{T}","location":"l","plans":[{"milestone":"Opened","date":"2030-01-01"}]}""", "milestone" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{T}","location":"l","plans":[{"milestone":"Signed","date":"2001-01-01"}]}""", "plans[0].date" },
        { """{"name":"n","leadEnterpriseId":"{E}","investmentYuan":1000,"industry":"i","taskForceId":"{T}","location":"l","plans":[{"milestone":"Signed","date":"2030-01-01"},{"milestone":"Signed","date":"2031-01-01"}]}""", "plans" },
        { "null", "body" },
    };

    [Theory, MemberData(nameof(BadRegistrations))]
    public async Task bad_registrations_are_a_400_naming_the_field_and_register_nothing(string body, string field)
    {
        var total = (await zone.GetAsync<Paged<PortfolioItem>>("/api/projects", zone.AdminToken)).Total;
        var json = body.Replace("{E}", zone.KeyEnterprise.ToString()).Replace("{T}", zone.LandTaskForce.ToString())
            .Replace("{X}", Guid.NewGuid().ToString()).Replace("NAME", new string('x', Limits.Name + 1));

        var result = await zone.Host.Scenario(s =>
        {
            s.Post.Text(json).ToUrl("/api/projects");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(zone.AdminToken);
            s.StatusCodeShouldBe(400);
        });

        var text = await result.ReadAsTextAsync();
        Assert.Contains("\"status\":400", text.Replace(" ", ""));
        Assert.Contains(field, text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(total, (await zone.GetAsync<Paged<PortfolioItem>>("/api/projects", zone.AdminToken)).Total);
    }

    [Fact]
    public async Task bad_milestone_input_is_a_400_naming_the_field_and_appends_nothing()
    {
        var project = await zone.RegisterAsync();
        var before = await zone.EventCount(project.Id);
        async Task Bad(string milestone, string action, object body, string field) =>
            Assert.Contains(field, await (await zone.PostAsync($"/api/projects/{project.Id}/milestones/{milestone}/{action}", body, zone.MemberToken, 400))
                .ReadAsTextAsync());

        await Bad("Opened", "plan", new { date = zone.Today.AddDays(3) }, "milestone");
        await Bad("3", "plan", new { date = zone.Today.AddDays(3) }, "milestone");
        await Bad("Signed", "plan", new { }, "date");
        await Bad("Signed", "plan", new { date = zone.Today.AddDays(-1) }, "date");
        await Bad("Signed", "plan", new { date = "2500-01-01" }, "date");
        await Bad("Signed", "achieve", new { date = zone.Today }, "evidence");
        await Bad("Signed", "achieve", new { date = zone.Today, evidence = new string('e', Limits.LongText + 1) }, "evidence");
        await zone.MilestoneAsync(project.Id, "Signed", "plan", new { date = zone.Today.AddDays(3) });
        before = await zone.EventCount(project.Id);
        await Bad("Signed", "replan", new { date = zone.Today.AddDays(5) }, "reason");
        await Bad("Signed", "replan", new { date = zone.Today.AddDays(5), reason = new string('r', Limits.ShortText + 1) }, "reason");
        await Bad("Signed", "replan", new { date = zone.Today.AddDays(3), reason = "same day" }, "date");
        Assert.Equal(before, await zone.EventCount(project.Id));
    }

    [Fact]
    public async Task a_suspended_project_takes_no_milestone_work_until_resumed_and_a_cancelled_one_never_again()
    {
        var project = await zone.RegisterAsync();
        string Url(string action) => $"/api/projects/{project.Id}/{action}";

        await zone.PostAsync(Url("suspend"), new { reason = "Enterprise awaiting board approval." }, zone.MemberToken, 403);
        await zone.PostAsync(Url("suspend"), new { }, zone.LeadToken, 400);
        var suspended = (await (await zone.PostAsync(Url("suspend"), new { reason = "Enterprise awaiting board approval." }, zone.LeadToken))
            .ReadAsJsonAsync<ProjectDetails>())!;
        Assert.Equal(ProjectStatus.Suspended, suspended.Status);
        Assert.Equal("Enterprise awaiting board approval.", suspended.StatusReason);
        await zone.PostAsync(Url("suspend"), new { reason = "again" }, zone.LeadToken, 409);
        await zone.MilestoneAsync(project.Id, "Signed", "plan", new { date = zone.Today.AddDays(3) }, status: 409);
        await zone.AchieveAsync(project.Id, "Signed", zone.Today, status: 409);

        await zone.PostAsync(Url("resume"), new { reason = "Approved." }, zone.LeadToken);
        await zone.AchieveAsync(project.Id, "Signed", zone.Today);

        var cancelled = (await (await zone.PostAsync(Url("cancel"), new { reason = "Enterprise withdrew." }, zone.AdminToken))
            .ReadAsJsonAsync<ProjectDetails>())!;
        Assert.Equal(ProjectStatus.Cancelled, cancelled.Status);
        await zone.PostAsync(Url("resume"), new { reason = "Changed our minds." }, zone.LeadToken, 409);
        await zone.PostAsync(Url("cancel"), new { reason = "twice" }, zone.LeadToken, 409);
        await zone.AchieveAsync(project.Id, "ConstructionStarted", zone.Today, status: 409);
    }

    [Fact]
    public async Task only_the_owning_task_force_supervisors_admins_and_the_lead_enterprise_see_a_project()
    {
        var project = await zone.RegisterAsync();
        var url = $"/api/projects/{project.Id}";
        Task Read(string token, int status) => zone.Host.Scenario(s => { s.Get.Url(url); s.WithBearerToken(token); s.StatusCodeShouldBe(status); });

        await zone.Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(401); });
        await zone.Host.Scenario(s => { s.Get.Url("/api/projects"); s.StatusCodeShouldBe(401); });
        await zone.Host.Scenario(s => { s.Post.Json(new { name = "n" }).ToUrl("/api/projects"); s.StatusCodeShouldBe(401); });

        foreach (var token in new[] { zone.LeadToken, zone.MemberToken, zone.SupervisorToken, zone.AdminToken, zone.KeyContactToken })
            await Read(token, 200);
        foreach (var token in new[] { zone.OtherContactToken, zone.EconomicToken, zone.ParkLeadToken, zone.ParkMemberToken, zone.SecretaryToken })
            await Read(token, 404);
        await Read(zone.SupervisorToken, 200);
        await zone.Host.Scenario(s => { s.Get.Url($"/api/projects/{Guid.NewGuid()}"); s.WithBearerToken(zone.SupervisorToken); s.StatusCodeShouldBe(404); });
        await zone.Host.Scenario(s => { s.Get.Url($"{url}/timeline"); s.WithBearerToken(zone.OtherContactToken); s.StatusCodeShouldBe(404); });
        var others = await zone.GetAsync<Paged<PortfolioItem>>("/api/projects", zone.ParkLeadToken);
        Assert.DoesNotContain(others.Items, p => p.Id == project.Id);

        var plan = new { date = zone.Today.AddDays(3) };
        await zone.MilestoneAsync(project.Id, "Signed", "plan", plan, zone.KeyContactToken, 403);     // reads only
        await zone.MilestoneAsync(project.Id, "Signed", "plan", plan, zone.SupervisorToken, 403);
        await zone.MilestoneAsync(project.Id, "Signed", "plan", plan, zone.ParkMemberToken, 404);     // not theirs: not revealed
        await zone.MilestoneAsync(project.Id, "Signed", "plan", plan, zone.EconomicToken, 404);
        await zone.PostAsync($"{url}/suspend", new { reason = "r" }, zone.ParkLeadToken, 404);

        var body = new { name = "n", leadEnterpriseId = zone.KeyEnterprise, investmentYuan = 1000, industry = "i", taskForceId = zone.ParkTaskForce, location = "l" };
        await zone.PostAsync("/api/projects", body, zone.LeadToken, 403);          // leads another task force
        await zone.PostAsync("/api/projects", body, zone.ParkMemberToken, 403);    // members do not register
        await zone.PostAsync("/api/projects", body, zone.KeyContactToken, 403);
        await zone.PostAsync("/api/projects", body, zone.ParkLeadToken, 201);
        await zone.PostAsync("/api/projects", body, zone.AdminToken, 201);
        Assert.Equal(1, await zone.EventCount(project.Id));
    }
}
