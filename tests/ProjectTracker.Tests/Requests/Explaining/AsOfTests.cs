using System.Text.Json;
using ProjectTracker.Requests.Explaining;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests.Explaining;

/// <summary>A request read as of a past instant: exactly what its reads answered then, whatever happened since.</summary>
public class AsOfTests : IAsyncLifetime
{
    private static DateTimeOffset Cst(string local) => ClocksTests.Cst(local);

    private readonly ZoneBeforeQingming _zone = new();   // Tuesday 2026-03-31 10:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private static string Query(DateTimeOffset instant) => "?asOf=" + Uri.EscapeDataString(instant.ToString("O"));

    [Fact]
    public async Task the_request_its_timeline_and_its_clocks_as_of_six_instants_are_what_they_were_then_for_a_contact_and_a_supervisor()
    {
        var story = await RequestStory.TellAsync(_zone);
        await story.CorrectAsync(_zone);   // after the fact: the reopened clock counted again, its breach no longer derived today

        Assert.Equal(6, story.Said.Count);
        foreach (var (instant, said) in story.Said)
            foreach (var ((read, reader), then) in said)
            {
                var token = RequestStory.Readers(_zone).Single(r => r.Name == reader).Token;
                var asOf = await (await _zone.Get($"/api/requests/{story.Id}{read}{Query(instant)}", token)).ReadAsTextAsync();
                Assert.True(then == asOf, $"{read} for the {reader} as of {instant:O}:\nthen:  {then}\nasOf:  {asOf}");
            }

        // Today's explanation shows the correction; the read as of the breach still shows the breach.
        var breachedAt = story.Said.Keys.Max();
        var today = await _zone.GetAsync<ClocksExplained>($"/api/requests/{story.Id}/clocks", _zone.SupervisorToken);
        var then6 = await _zone.GetAsync<ClocksExplained>($"/api/requests/{story.Id}/clocks{Query(breachedAt)}", _zone.SupervisorToken);
        Assert.Equal(ClockOutcome.Running, today.Clocks.Single(c => c is { Clock: ClockName.Resolution, Cycle: 1 }).Outcome);
        Assert.Equal(ClockOutcome.Breached, then6.Clocks.Single(c => c is { Clock: ClockName.Resolution, Cycle: 1 }).Outcome);
        Assert.DoesNotContain(then6.Clocks.SelectMany(c => c.Steps), s => s.Step == ClockStepKind.Recomputed);
        var request = await _zone.Get($"/api/requests/{story.Id}", _zone.KeyContactToken).Json();
        Assert.Equal(JsonValueKind.Null, request.GetProperty("request").GetProperty("resolution").GetProperty("breachedAt").ValueKind);
        var before = await _zone.Get($"/api/requests/{story.Id}{Query(breachedAt)}", _zone.KeyContactToken).Json();
        Assert.Equal(Cst("2026-04-14T10:00:00"), before.GetProperty("request").GetProperty("resolution").GetProperty("breachedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task a_breach_not_yet_happened_at_the_instant_read_is_not_shown()
    {
        var filed = await _zone.FileAsync();                                          // dispatch due Wed 04-01 10:00
        await _zone.AdvanceAndFireDeadlinesAsync(Cst("2026-04-01T11:00:00") - _zone.Clock.GetUtcNow());
        var now = await _zone.Get($"/api/requests/{filed.Id}", _zone.SupervisorToken).Json();
        Assert.Equal(Cst("2026-04-01T10:00:00"), now.GetProperty("request").GetProperty("dispatch").GetProperty("breachedAt").GetDateTimeOffset());
        Assert.Equal(1, now.GetProperty("openEscalations").GetArrayLength());

        var before = await _zone.Get($"/api/requests/{filed.Id}{Query(Cst("2026-04-01T09:59:00"))}", _zone.SupervisorToken).Json();
        Assert.Equal(JsonValueKind.Null, before.GetProperty("request").GetProperty("dispatch").GetProperty("breachedAt").ValueKind);
        Assert.Equal(0, before.GetProperty("openEscalations").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-04-01")]                      // a date: which zone's?
    [InlineData("2026-04-01T10:00:00")]             // no offset
    [InlineData("2026-04-01T10:00:00 08:00")]       // a + sent unencoded arrives as a space
    [InlineData("2026-04-01T10:00:00Z&asOf=2026-04-01T11:00:00Z")]
    [InlineData("2031-01-01T00:00:00Z")]            // the future
    public async Task an_instant_that_is_not_one_or_is_in_the_future_is_refused_naming_asOf(string value)
    {
        var filed = await _zone.FileAsync();
        foreach (var read in RequestStory.Reads)
        {
            var refused = await _zone.Get($"/api/requests/{filed.Id}{read}?asOf={value.Replace(" ", "%20")}", _zone.SupervisorToken, 400).Json();
            Assert.NotEmpty(refused.ErrorsFor("asOf"));
        }
    }

    [Fact]
    public async Task before_the_request_existed_it_is_not_found_and_who_may_not_see_it_today_may_not_see_its_past()
    {
        var filed = await _zone.FileAsync();
        await _zone.AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(1));
        foreach (var read in RequestStory.Reads)
        {
            var notYet = await _zone.Get($"/api/requests/{filed.Id}{read}{Query(filed.FiledAt.AddSeconds(-1))}", _zone.KeyContactToken, 404).Json();
            Assert.NotEmpty(notYet.ErrorsFor("asOf"));
            await _zone.Get($"/api/requests/{filed.Id}{read}{Query(filed.FiledAt)}", _zone.KeyContactToken);
            await _zone.Get($"/api/requests/{filed.Id}{read}{Query(filed.FiledAt)}", _zone.OtherContactToken, 404);
            await _zone.Get($"/api/requests/{Guid.NewGuid()}{read}{Query(filed.FiledAt)}", _zone.SupervisorToken, 404);
        }
    }
}
