using Alba;
using ProjectTracker.Projects.Reading;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Projects;

/// <summary>Given a project that enterprises file requests about: its timeline shows both.</summary>
public class ProjectTimelineTests(ProjectZone zone) : IClassFixture<ProjectZone>
{
    [Fact]
    public async Task the_timeline_shows_the_projects_events_beside_the_requests_that_name_it()
    {
        var project = await zone.RegisterAsync(name: "Timeline", plans: [ProjectZone.Plan("Signed", zone.Today.AddDays(20))]);
        await zone.AchieveAsync(project.Id, "Signed", zone.Today);
        var filed = await File(project.Id, zone.KeyContactToken, 201);
        zone.Clock.Advance(TimeSpan.FromMinutes(5));
        await File(project.Id, zone.OtherContactToken, 400);      // not its enterprise's project: unknown to it
        var refused = await zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "LandAndPlant", title = "t", description = "d", projectId = Guid.NewGuid() }).ToUrl("/api/requests");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(400);
        });
        Assert.Contains("projectId", await refused.ReadAsTextAsync());
        var task = (await zone.DispatchAsync(filed!.Id, zone.EconomicBureau)).Tasks[0];
        await zone.ResolveAsync(filed.Id, task.Id, zone.EconomicToken);

        var timeline = await zone.GetAsync<ProjectTimeline>($"/api/projects/{project.Id}/timeline", zone.LeadToken);

        Assert.Equal(["ProjectRegistered", "MilestonePlanned", "MilestoneAchieved"], timeline.Events.Select(e => e.Event));
        Assert.Equal(zone.TaskForceLead, timeline.Events[0].By);
        Assert.Equal(zone.TaskForceMember, timeline.Events[2].By);
        Assert.Equal(zone.Today, timeline.Milestones[0].Actual);
        Assert.Equal([filed.Id], timeline.Requests.Select(r => r.Id));
        var linked = timeline.Requests[0];
        Assert.Equal((filed.Number, "Plant handover is late"), (linked.Number, linked.Title));
        Assert.Equal(RequestStatus.Answered, linked.Status);
        Assert.Equal(filed.FiledAt, linked.FiledAt);
        Assert.NotNull(linked.AnsweredAt);

        var seenByEnterprise = await zone.GetAsync<ProjectTimeline>($"/api/projects/{project.Id}/timeline", zone.KeyContactToken);
        Assert.Equal([filed.Id], seenByEnterprise.Requests.Select(r => r.Id));
    }

    [Fact]
    public async Task the_timeline_lists_only_the_requests_its_reader_may_see_themselves()
    {
        var project = await zone.RegisterAsync(name: "Visibility");
        var filed = (await File(project.Id, zone.KeyContactToken, 201))!;
        await zone.DispatchAsync(filed.Id, zone.EconomicBureau);

        // The task force's member works in the Market bureau, which holds no task of the request.
        await zone.Get($"/api/requests/{filed.Id}", zone.MemberToken, 404);
        Assert.Empty((await zone.GetAsync<ProjectTimeline>($"/api/projects/{project.Id}/timeline", zone.MemberToken)).Requests);

        await zone.Post($"/api/requests/{filed.Id}/dispatch",
            new { tasks = new[] { new { assigneeKind = "TaskForce", assigneeId = zone.LandTaskForce, instructions = "Land part." } } },
            zone.SecretaryToken, 200);
        await zone.Get($"/api/requests/{filed.Id}", zone.MemberToken);
        Assert.Equal([filed.Id], (await zone.GetAsync<ProjectTimeline>($"/api/projects/{project.Id}/timeline", zone.MemberToken)).Requests.Select(r => r.Id));
    }

    private async Task<RequestView?> File(Guid projectId, string token, int status)
    {
        var result = await zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "LandAndPlant", title = "Plant handover is late", description = "The plant is not ready.", projectId }).ToUrl("/api/requests");
            s.WithBearerToken(token);
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? await result.ReadAsJsonAsync<RequestView>() : null;
    }
}
