using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Approvals;
using ProjectTracker.Projects.Reading;

namespace ProjectTracker.Tests.Projects.Approvals;

/// <summary>A chief service officer (首席服务员) per key project: appointed and replaced with a reason by the owning task force's lead.</summary>
public class ChiefServiceOfficerTests : IAsyncLifetime
{
    private readonly ApprovalsZone _zone = new();
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    [Fact]
    public async Task the_lead_appoints_an_approvals_officer_then_replaces_them_with_a_task_force_member_each_with_a_reason()
    {
        var id = (await _zone.RegisterAsync()).Id;
        Assert.Null((await _zone.GetProjectAsync(id)).ChiefServiceOfficer);

        var appointed = await _zone.AppointAsync(id, _zone.ApprovalsOfficer, " Handles the zone's land files ");
        Assert.Equal((_zone.ApprovalsOfficer, "Approvals officer", "Handles the zone's land files", _zone.Clock.GetUtcNow()),
            (appointed!.ChiefServiceOfficer!.StaffId, appointed.ChiefServiceOfficer.Name, appointed.ChiefServiceOfficer.Reason, appointed.ChiefServiceOfficer.Since));

        await _zone.AppointAsync(id, _zone.TaskForceMember, "The approvals officer moved to another park");
        var details = await _zone.GetProjectAsync(id);
        Assert.Equal((_zone.TaskForceMember, "Task-force member"), (details.ChiefServiceOfficer!.StaffId, details.ChiefServiceOfficer.Name));
        var row = Assert.Single((await _zone.GetAsync<Paged<PortfolioItem>>("/api/projects", _zone.SupervisorToken)).Items);
        Assert.Equal(_zone.TaskForceMember, row.ChiefServiceOfficer!.StaffId);

        // Both appointments are events on the project's timeline, the second naming whom it replaced.
        var timeline = await _zone.GetAsync<System.Text.Json.JsonElement>($"/api/projects/{id}/timeline", _zone.SupervisorToken);
        var changes = timeline.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("event").GetString() == nameof(ChiefServiceOfficerAppointed)).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal(_zone.ApprovalsOfficer, changes[1].GetProperty("data").GetProperty("replaces").GetGuid());
        Assert.Equal("The approvals officer moved to another park", changes[1].GetProperty("data").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task an_unknown_user_someone_outside_both_task_forces_or_a_missing_reason_is_refused_naming_the_field_and_leaves_no_event()
    {
        var id = (await _zone.RegisterAsync()).Id;
        var before = await _zone.EventCount(id);

        async Task Refused(object body, string field)
        {
            var problem = await (await _zone.PostAsync($"/api/projects/{id}/chief-service-officer", body, _zone.LeadToken, 400)).ReadAsTextAsync();
            Assert.Contains($"\"{field}\"", problem);
        }
        await Refused(new { staffId = Guid.NewGuid(), reason = "Nobody" }, "staffId");
        await Refused(new { staffId = _zone.KeyContact, reason = "A contact is no staff member" }, "staffId");
        await Refused(new { staffId = _zone.EconomicStaff, reason = "In no task force" }, "staffId");
        await Refused(new { staffId = _zone.ParkMember, reason = "Another project's task force" }, "staffId");
        await Refused(new { staffId = _zone.ApprovalsOfficer }, "reason");
        await Refused(new { reason = "Nobody named" }, "staffId");
        Assert.Equal(before, await _zone.EventCount(id));

        // The same officer twice is no change; a member (not the lead) may not appoint.
        await _zone.AppointAsync(id, _zone.ApprovalsOfficer);
        await Refused(new { staffId = _zone.ApprovalsOfficer, reason = "Again" }, "staffId");
        await _zone.AppointAsync(id, _zone.TaskForceMember, token: _zone.MemberToken, status: 403);
        Assert.Equal(before + 1, await _zone.EventCount(id));
    }
}
