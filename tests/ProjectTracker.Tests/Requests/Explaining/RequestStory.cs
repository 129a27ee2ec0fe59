using Alba;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Requests.Explaining;

/// <summary>
/// One request's life on the shipped 2026 calendar, from Tuesday 2026-03-31 10:00: filed, dispatched,
/// paused over Qingming, resumed by the enterprise's information, transferred, answered, reopened
/// and breached. At six instants along the way it keeps what the read endpoints answered then
/// (the request, its timeline and its clocks, for its contact and for a supervisor), to compare
/// with what they answer later as of those instants.
/// </summary>
public sealed class RequestStory
{
    private static DateTimeOffset Cst(string local) => ClocksTests.Cst(local);

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    /// <summary>Instant → (url, token name) → the body answered then.</summary>
    public Dictionary<DateTimeOffset, Dictionary<(string Url, string Reader), string>> Said { get; } = [];
    public static readonly string[] Reads = ["", "/timeline", "/clocks"];

    public static async Task<RequestStory> TellAsync(Zone zone)
    {
        var story = new RequestStory();
        var request = await zone.FileAsync();                                   // Tue 03-31 10:00
        story.Id = request.Id;
        await story.AtAsync(zone, "2026-03-31T12:00:00");                        // 1: filed, running

        await To(zone, "2026-04-01T09:00:00");                                   // the dispatch clock marked at risk (Wed 04:00)
        request = await zone.DispatchAsync(request.Id, zone.EconomicBureau);
        story.TaskId = request.Tasks[0].Id;
        await story.AtAsync(zone, "2026-04-01T09:30:00");                        // 2: dispatched

        await To(zone, "2026-04-02T10:00:00");                                   // the task marked at risk
        request = await Act(zone, $"/api/requests/{request.Id}/pause", new { reason = "Please send the lease." }, zone.EconomicToken, request);
        await story.AtAsync(zone, "2026-04-03T12:00:00");                        // 3: paused; the first due (Fri 10:00) passed unbreached

        await To(zone, "2026-04-07T10:00:00");                                   // after Qingming (Sat 04-04 to Mon 04-06)
        request = await Act(zone, $"/api/requests/{request.Id}/information", new { text = "Lease attached." }, zone.KeyContactToken, request);
        await To(zone, "2026-04-07T11:00:00");
        request = await Act(zone, $"/api/requests/{request.Id}/tasks/{story.TaskId}/transfer",
            new { assigneeKind = "Department", assigneeId = zone.MarketBureau, reason = "Market supervision's matter." }, zone.EconomicToken, request);
        await story.AtAsync(zone, "2026-04-07T12:00:00");                        // 4: resumed and transferred

        await To(zone, "2026-04-08T09:00:00");                                   // the resolution clock marked at risk
        request = await zone.ResolveAsync(request.Id, story.TaskId, zone.MarketToken);
        await To(zone, "2026-04-09T10:00:00");
        await Act(zone, $"/api/requests/{request.Id}/reopen", new { reason = "The lease question is still open." }, zone.KeyContactToken, request);
        await story.AtAsync(zone, "2026-04-13T17:00:00");                        // 5: reopened, at risk (Mon 16:00)
        await story.AtAsync(zone, "2026-04-14T11:00:00");                        // 6: breached at Tue 10:00, escalated
        return story;
    }

    /// <summary>After the fact: Monday 04-13 made a day off. The reopened clock, counted again, runs to Wed 04-15 10:00.</summary>
    public async Task CorrectAsync(Zone zone)
    {
        await To(zone, "2026-04-14T12:00:00");
        await zone.Put("/api/calendars/2026/dates/2026-04-13", new { working = false, name = "Extra day off", reason = "Announced late" }, zone.AdminToken);
        for (var until = DateTime.UtcNow.AddSeconds(15); ; await Task.Delay(50))
        {
            var r = (await zone.GetAsync<RequestDetails>($"/api/requests/{Id}", zone.SupervisorToken)).Request;
            if (r.Resolution.Due == Cst("2026-04-15T10:00:00")) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"The resolution due stayed {r.Resolution.Due:O}.");
        }
    }

    public static (string Name, string Token)[] Readers(Zone zone) => [("contact", zone.KeyContactToken), ("supervisor", zone.SupervisorToken)];

    /// <summary>Moves the clock to <paramref name="local"/> (sweeping on the way) and keeps what every read answers there.</summary>
    private async Task AtAsync(Zone zone, string local)
    {
        await To(zone, local);
        var said = Said[zone.Clock.GetUtcNow()] = [];
        foreach (var read in Reads)
            foreach (var (name, token) in Readers(zone))
                said[(read, name)] = await (await zone.Get($"/api/requests/{Id}{read}", token)).ReadAsTextAsync();
    }

    private static Task To(Zone zone, string local) => zone.AdvanceAndFireDeadlinesAsync(Cst(local) - zone.Clock.GetUtcNow());

    /// <summary>A command on the request, sent with If-Match: the version of the request as last answered.</summary>
    private static async Task<RequestView> Act(Zone zone, string url, object body, string token, RequestView last)
    {
        var result = await zone.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithBearerToken(token);
            s.WithRequestHeader("If-Match", $"\"{last.Version}\"");
            s.StatusCodeShouldBeOk();
        });
        return (await result.ReadAsJsonAsync<RequestView>())!;
    }
}

/// <summary>
/// The zone on Tuesday 2026-03-31 10:00, on the shipped 2026 calendar. Those dates are in the real
/// past, where Wolverine's durable agent would fire an answer's auto-close by itself between two
/// steps of a story: the auto-close is put ten years off.
/// </summary>
public sealed class ZoneBeforeQingming : Zone
{
    protected override DateTimeOffset Start => ClocksTests.Cst("2026-03-31T10:00:00");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Deadlines:AutoClose:Length"] = "3650", ["Deadlines:AutoClose:Unit"] = "CalendarDays",
    };
}
