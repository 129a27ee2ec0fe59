using System.Text.Json;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Tests.Requests.Explaining;

namespace ProjectTracker.Tests.History;

/// <summary>
/// The request search, the queues and the supervisors' queue read as of a past instant: exactly
/// what they answered then (captured as the story went, on the fake clock), whatever happened
/// since — a calendar correction, a withdrawal, a staff member moved — for every kind of reader.
/// </summary>
public class ListsAsOfTests : IAsyncLifetime
{
    private static DateTimeOffset Cst(string local) => ClocksTests.Cst(local);
    private static string AsOf(DateTimeOffset instant) => "asOf=" + Uri.EscapeDataString(instant.ToString("O"));
    private static string With(string url, string query) => url + (url.Contains('?') ? "&" : "?") + query;

    private readonly ZoneBeforeQingming _zone = new();   // Tuesday 2026-03-31 10:00, on the shipped 2026 calendar
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private (string Name, string Token)[] Readers =>
    [
        ("supervisor", _zone.SupervisorToken), ("key contact", _zone.KeyContactToken), ("other contact", _zone.OtherContactToken),
        ("economic staff", _zone.EconomicToken), ("market staff", _zone.MarketToken), ("secretary", _zone.SecretaryToken), ("desk", _zone.DeskToken),
    ];

    private string[] Reads(string reader) => reader switch
    {
        "supervisor" =>
        [
            "/api/requests", "/api/requests?status=Dispatched", "/api/requests?overdue=true", "/api/requests?atRisk=true", "/api/requests?paused=true",
            "/api/requests?paused=false&pageSize=1&page=2", $"/api/requests?category=Funding&enterpriseId={_zone.KeyEnterprise}",
            $"/api/requests?assigneeId={_zone.MarketBureau}", "/api/requests?q=WAREHOUSE", $"/api/requests?filedFrom={Uri.EscapeDataString(Cst("2026-03-31T10:15:00").ToString("O"))}",
            "/api/escalations", "/api/escalations?includeClosed=true", "/api/escalations?level=Warning", $"/api/escalations?departmentId={_zone.EconomicBureau}",
        ],
        "secretary" or "desk" => ["/api/requests", "/api/queues/dispatch", "/api/queues/dispatch?all=true"],
        "economic staff" or "market staff" => ["/api/requests", "/api/requests?overdue=true", "/api/queues/tasks"],
        _ => ["/api/requests"],
    };

    /// <summary>Instant → (url, reader) → the body answered then.</summary>
    private readonly Dictionary<DateTimeOffset, Dictionary<(string Url, string Reader), string>> _said = [];

    private async Task CaptureAt(string local)
    {
        await To(local);
        var said = _said[_zone.Clock.GetUtcNow()] = [];
        foreach (var (name, token) in Readers)
            foreach (var url in Reads(name))
                said[(url, name)] = await (await _zone.Get(url, token)).ReadAsTextAsync();
    }

    private Task To(string local) => _zone.AdvanceAndFireDeadlinesAsync(Cst(local) - _zone.Clock.GetUtcNow());

    private async Task<RequestView> Act(string url, object? body, string token) =>
        await _zone.Post(url, body, token, 200).Json<RequestView>();

    private async Task<RequestView> FileAsync(string token, string title, string category) =>
        await _zone.Post("/api/requests", new { category, title, description = "Details of the need." }, token).Json<RequestView>();

    [Fact]
    public async Task every_list_as_of_six_instants_is_what_it_answered_then_for_every_reader_whatever_happened_since()
    {
        // Tue 03-31: A (key enterprise) and B (the other) filed; A dispatched, C filed.
        var a = await FileAsync(_zone.KeyContactToken, "Need a working-capital loan", "Funding");
        await To("2026-03-31T10:30:00");
        var b = await FileAsync(_zone.OtherContactToken, "Land for a warehouse", "LandAndPlant");
        await CaptureAt("2026-03-31T11:00:00");                                                            // 1
        await To("2026-03-31T11:30:00");
        a = await _zone.DispatchAsync(a.Id, _zone.EconomicBureau);
        await To("2026-03-31T12:00:00");
        var c = await FileAsync(_zone.KeyContactToken, "Need export credit insurance", "Funding");          // dispatch due Wed 12:00
        await CaptureAt("2026-03-31T13:00:00");                                                            // 2

        // Wed 04-01: A paused, B dispatched; C at risk, then breached at 12:00 (escalated by the sweep's bulk raise).
        await To("2026-04-01T09:00:00");
        await Act($"/api/requests/{a.Id}/pause", new { reason = "Please send the lease." }, _zone.EconomicToken);
        b = await _zone.DispatchAsync(b.Id, _zone.MarketBureau);
        await CaptureAt("2026-04-01T11:59:00");                                                            // 3: C's breach not yet happened
        await CaptureAt("2026-04-01T13:00:00");                                                            // 4: C breached, escalated

        // A resumed by the enterprise's information, B answered, C's escalation acknowledged and C dispatched.
        await To("2026-04-01T14:00:00");
        await Act($"/api/requests/{a.Id}/information", new { text = "Lease attached." }, _zone.KeyContactToken);
        await _zone.ResolveAsync(b.Id, b.Tasks[0].Id, _zone.MarketToken);
        var escalation = (await _zone.Get("/api/escalations", _zone.SupervisorToken).Json()).GetProperty("items")[0].GetProperty("id").GetGuid();
        await _zone.Post($"/api/escalations/{escalation}/acknowledge", null, _zone.SupervisorToken, 200);
        c = await _zone.DispatchAsync(c.Id, _zone.EconomicBureau, _zone.MarketBureau);
        await CaptureAt("2026-04-01T15:00:00");                                                            // 5

        // Thu 04-02: A's task transferred to market supervision, B confirmed (closed).
        await To("2026-04-02T10:00:00");
        await Act($"/api/requests/{a.Id}/tasks/{a.Tasks[0].Id}/transfer",
            new { assigneeKind = "Department", assigneeId = _zone.MarketBureau, reason = "Market supervision's matter." }, _zone.EconomicToken);
        await Act($"/api/requests/{b.Id}/confirm", new { satisfaction = 5 }, _zone.OtherContactToken);
        await CaptureAt("2026-04-02T11:00:00");                                                            // 6

        // Since: C withdrawn, and Friday 04-03 made a day off (A's resolution due counted again).
        await To("2026-04-02T12:00:00");
        await Act($"/api/requests/{c.Id}/withdraw", new { reason = "Solved ourselves." }, _zone.KeyContactToken);
        var dueBefore = (await _zone.GetAsync<RequestDetails>($"/api/requests/{a.Id}", _zone.SupervisorToken)).Request.Resolution.Due;
        await _zone.Put("/api/calendars/2026/dates/2026-04-03", new { working = false, name = "Extra day off", reason = "Announced late" }, _zone.AdminToken);
        await WaitUntil(async () => (await _zone.GetAsync<RequestDetails>($"/api/requests/{a.Id}", _zone.SupervisorToken)).Request.Resolution.Due != dueBefore);

        Assert.Equal(6, _said.Count);
        foreach (var (instant, said) in _said)
            foreach (var ((url, reader), then) in said)
            {
                var asOf = await (await _zone.Get(With(url, AsOf(instant)), Readers.Single(r => r.Name == reader).Token)).ReadAsTextAsync();
                Assert.True(then == asOf, $"{url} for the {reader} as of {instant:O}:\nthen:  {then}\nasOf:  {asOf}");
            }

        // The story really moved the lists: what the test compares is not the same answer six times.
        Assert.Equal(6, _said.Values.Select(s => s[("/api/requests", "supervisor")]).Distinct().Count());
        var today = await (await _zone.Get("/api/requests", _zone.SupervisorToken)).ReadAsTextAsync();
        Assert.DoesNotContain(today, _said.Values.Select(s => s[("/api/requests", "supervisor")]));
    }

    [Fact]
    public async Task a_breach_not_yet_happened_at_the_instant_is_not_shown_in_any_list()
    {
        var filed = await _zone.FileAsync();                                                  // dispatch due Wed 04-01 10:00
        await To("2026-04-01T05:00:00");                                                      // marked at risk (75 %: Wed 04:00)
        await To("2026-04-01T11:00:00");
        Assert.Equal(1, (await _zone.Get("/api/escalations", _zone.SupervisorToken).Json()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await _zone.Get("/api/requests?overdue=true", _zone.SupervisorToken).Json()).GetProperty("total").GetInt32());

        var before = AsOf(Cst("2026-04-01T09:59:00"));
        Assert.Equal(0, (await _zone.Get($"/api/escalations?{before}", _zone.SupervisorToken).Json()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await _zone.Get($"/api/requests?overdue=true&{before}", _zone.SupervisorToken).Json()).GetProperty("total").GetInt32());
        var queued = (await _zone.Get($"/api/queues/dispatch?{before}", _zone.SecretaryToken).Json()).GetProperty("items")[0];
        Assert.Equal(filed.Id, queued.GetProperty("requestId").GetGuid());
        Assert.False(queued.GetProperty("overdue").GetBoolean());
        Assert.True(queued.GetProperty("atRisk").GetBoolean());
        var listed = (await _zone.Get($"/api/requests?{before}", _zone.SupervisorToken).Json()).GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("dispatch").GetProperty("breachedAt").ValueKind);

        var after = AsOf(Cst("2026-04-01T10:00:01"));                                       // the breach, before the sweep's escalation
        Assert.Equal(1, (await _zone.Get($"/api/requests?overdue=true&{after}", _zone.SupervisorToken).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task the_past_is_read_under_todays_access_a_staff_member_moved_since_sees_what_the_new_unit_had_then()
    {
        var filed = await _zone.FileAsync();
        await _zone.DispatchAsync(filed.Id, _zone.MarketBureau);
        await To("2026-03-31T11:00:00");
        var then = _zone.Clock.GetUtcNow();
        var marketThen = await (await _zone.Get("/api/queues/tasks", _zone.MarketToken)).ReadAsTextAsync();
        var economicThen = await _zone.Get("/api/queues/tasks", _zone.EconomicToken).Json();
        Assert.Equal(0, economicThen.GetProperty("total").GetInt32());
        Assert.Equal(1, (await _zone.Get("/api/requests", _zone.MarketToken).Json()).GetProperty("total").GetInt32());

        // The economic staff member now works for market supervision.
        await To("2026-03-31T12:00:00");
        await _zone.Put($"/api/staff/{_zone.EconomicStaff}", new { name = "Economic staff", departmentId = _zone.MarketBureau, roles = new[] { Roles.Staff } },
            _zone.AdminToken);

        Assert.Equal(marketThen, await (await _zone.Get($"/api/queues/tasks?{AsOf(then)}", _zone.EconomicToken)).ReadAsTextAsync());
        Assert.Equal(1, (await _zone.Get($"/api/requests?{AsOf(then)}", _zone.EconomicToken).Json()).GetProperty("total").GetInt32());
        // Another enterprise's contact never sees it, then or now; a contact may not read a queue.
        Assert.Equal(0, (await _zone.Get($"/api/requests?{AsOf(then)}", _zone.OtherContactToken).Json()).GetProperty("total").GetInt32());
        await _zone.Get($"/api/queues/dispatch?{AsOf(then)}", _zone.KeyContactToken, 403);
        await _zone.Get($"/api/escalations?{AsOf(then)}", _zone.EconomicToken, 403);
        // Before anything was filed, every list was empty.
        var before = AsOf(filed.FiledAt.AddSeconds(-1));
        foreach (var (url, token) in new[] { ("/api/requests", _zone.SupervisorToken), ("/api/queues/dispatch?all=true", _zone.DeskToken),
                     ("/api/queues/tasks", _zone.MarketToken), ("/api/escalations?includeClosed=true", _zone.SupervisorToken) })
            Assert.Equal(0, (await _zone.Get(With(url, before), token).Json()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-04-01")]
    [InlineData("2026-04-01T10:00:00")]
    [InlineData("2026-04-01T10:00:00 08:00")]
    [InlineData("2026-04-01T10:00:00Z&asOf=2026-04-01T11:00:00Z")]
    [InlineData("2031-01-01T00:00:00Z")]
    public async Task an_instant_that_is_not_one_or_is_in_the_future_is_refused_naming_asOf(string value)
    {
        foreach (var (url, token) in new[] { ("/api/requests", _zone.SupervisorToken), ("/api/requests?overdue=true", _zone.KeyContactToken),
                     ("/api/queues/dispatch", _zone.SecretaryToken), ("/api/queues/tasks", _zone.EconomicToken), ("/api/escalations", _zone.SupervisorToken) })
        {
            var refused = await _zone.Get(With(url, $"asOf={value.Replace(" ", "%20")}"), token, 400).Json();
            Assert.NotEmpty(refused.ErrorsFor("asOf"));
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (var until = DateTime.UtcNow.AddSeconds(15); !await condition(); await Task.Delay(50))
            if (DateTime.UtcNow > until) throw new TimeoutException("The calendar correction did not reach the request.");
    }
}
