using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Deadlines.Calendars;

/// <summary>The zone on the eve of the 2026 Spring Festival: Friday 2026-02-13, 17:00 China Standard Time.</summary>
public class ZoneBeforeSpringFestival : Zone
{
    protected override DateTimeOffset Start => new(2026, 2, 13, 17, 0, 0, TimeSpan.FromHours(8));
}

public class CalendarTests(ZoneBeforeSpringFestival zone) : IClassFixture<ZoneBeforeSpringFestival>
{
    private static DateTimeOffset Cst(string local) => DateTimeOffset.Parse(local + "+08:00");

    [Fact]
    public async Task the_shipped_2026_calendar_shows_holidays_and_adjusted_working_days_with_its_source()
    {
        var calendar = await zone.Get("/api/calendars/2026", zone.EconomicToken).Json<CalendarView>();
        Assert.Contains("2025-11-04", calendar.Source);
        var byDate = calendar.Dates.ToDictionary(d => d.Date);
        Assert.Equal(("AdjustedWorkingDay", true), (byDate[new(2026, 2, 14)].Kind, byDate[new(2026, 2, 14)].Working));
        Assert.Equal(("Holiday", false), (byDate[new(2026, 2, 16)].Kind, byDate[new(2026, 2, 16)].Working));
        Assert.Equal(("Weekend", false), (byDate[new(2026, 3, 7)].Kind, byDate[new(2026, 3, 7)].Working));
        Assert.Equal(("Workday", true), (byDate[new(2026, 3, 9)].Kind, byDate[new(2026, 3, 9)].Working));
        Assert.Equal(["00:00-24:00"], calendar.BusinessHours);
        await zone.Get("/api/calendars/2031", zone.EconomicToken, 404);
    }

    [Fact]
    public async Task ready_is_healthy_when_the_current_year_has_its_calendar()
    {
        var ready = await zone.Get("/health/ready", null).Json();
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("calendars").GetProperty("status").GetString());
    }

    [Fact]
    public async Task filed_on_the_friday_before_the_festival_is_due_for_dispatch_on_the_working_saturday()
    {
        var filed = await zone.FileAsync();
        Assert.Equal(zone.Clock.GetUtcNow(), filed.FiledAt);
        Assert.Equal(Cst("2026-02-14T17:00:00"), filed.Dispatch.Due);
        // Three working days: Friday's 7 h, Saturday the 14th, then the festival (15th-23rd) does not count.
        Assert.Equal(Cst("2026-02-25T17:00:00"), filed.Resolution.Due);
    }

    [Fact]
    public async Task filed_on_the_working_saturday_evening_waits_for_the_festival_to_end()
    {
        var zoneAt = new ZoneAt(Cst("2026-02-14T18:00:00"));
        await zoneAt.InitializeAsync();
        try
        {
            var filed = await zoneAt.FileAsync();
            Assert.Equal(Cst("2026-02-24T18:00:00"), filed.Dispatch.Due);
        }
        finally { await zoneAt.DisposeAsync(); }
    }

    [Fact]
    public async Task an_administrator_loads_2027_as_json_and_a_contact_may_not()
    {
        var body = new
        {
            source = "Test notice for 2027",
            days = new[] { new { date = "2027-02-08", kind = "Off", name = "Spring Festival" }, new { date = "2027-02-06", kind = "Working", name = "Adjusted" } },
            businessHours = new[] { "08:30-12:00", "13:30-17:30" },
        };
        await zone.Post("/api/calendars/2027", body, zone.KeyContactToken, 403);
        await zone.Post("/api/calendars/2027", body, null, 401);
        var loaded = await zone.Post("/api/calendars/2027", body, zone.AdminToken).Json<CalendarView>();
        Assert.Equal(["08:30-12:00", "13:30-17:30"], loaded.BusinessHours);
        Assert.False(loaded.Dates.Single(d => d.Date == new DateOnly(2027, 2, 8)).Working);
        Assert.True(loaded.Dates.Single(d => d.Date == new DateOnly(2027, 2, 6)).Working);
        var again = await zone.Post("/api/calendars/2027", body, zone.AdminToken, 409).Json();
        Assert.Equal(1, again.GetProperty("current").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task a_csv_calendar_with_a_date_twice_a_date_outside_the_year_and_a_working_weekday_is_refused_naming_each_line()
    {
        const string csv = "date,kind,name\n2028-01-01,Off,New Year\n2028-01-01,Off,Again\n2027-12-31,Off,Last year\n2028-01-05,Working,A Wednesday\n2028-01-08,Holiday,Unknown kind\n";
        var problem = await zone.Post("/api/calendars/2028?source=Test", csv, zone.AdminToken, 400, headers: [("Content-Type", "text/csv")]).Json();
        var errors = problem.GetProperty("errors");
        var fields = errors.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "line 3: date", "line 4: date", "line 5: kind", "line 6: kind" }, fields);
        Assert.DoesNotContain("line 2: date", fields);
        await zone.Get("/api/calendars/2028", zone.AdminToken, 404);
    }

    [Fact]
    public async Task a_valid_csv_calendar_loads()
    {
        var loaded = await zone.Post("/api/calendars/2029?source=Test%20notice", "date,kind,name\n2029-01-01,Off,New Year\n2029-01-06,Working,Adjusted\n",
            zone.AdminToken, headers: [("Content-Type", "text/csv")]).Json<CalendarView>();
        Assert.Equal("Test notice", loaded.Source);
        Assert.Equal("Holiday", loaded.Dates[0].Kind);
    }

    [Theory]
    [InlineData("""{"source":"x","businessHours":["08:30-12:00","11:00-17:30"]}""", "businessHours")]
    [InlineData("""{"source":"x","businessHours":["8h-12h"]}""", "businessHours[0]")]
    [InlineData("""{"source":"x","days":[{"date":"2030-02-30","kind":"Off"}]}""", "days[0].date")]
    [InlineData("""{"days":[]}""", "source")]
    [InlineData("""{"source":"x","year":2031}""", "year")]
    [InlineData("""{"source":"x\u0000y"}""", "source")]
    [InlineData("""{"source":"x","days":[{"date":"2030-01-01","kind":0}]}""", "days[0].kind")]
    public async Task bad_calendar_json_is_a_400_naming_the_field_and_loads_nothing(string body, string field)
    {
        var problem = await zone.Post("/api/calendars/2030", body, zone.AdminToken, 400).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await zone.Get("/api/calendars/2030", zone.AdminToken, 404);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999")]
    [InlineData("1999")]
    [InlineData("+2027")]
    public async Task a_year_not_written_as_a_year_is_a_400_naming_it(string year)
    {
        Assert.True((await zone.Get($"/api/calendars/{year}", zone.AdminToken, 400).Json()).GetProperty("errors").TryGetProperty("year", out _));
        Assert.True((await zone.Post($"/api/calendars/{year}", new { source = "x" }, zone.AdminToken, 400).Json()).GetProperty("errors").TryGetProperty("year", out _));
        await zone.Put($"/api/calendars/{year}/dates/2027-01-05", new { working = false, reason = "x" }, zone.AdminToken, 400);
    }

    [Fact]
    public async Task an_administrator_corrects_a_date_with_a_reason_and_a_stale_version_is_refused()
    {
        var before = await zone.Get("/api/calendars/2025", zone.AdminToken).Json<CalendarView>();
        var url = "/api/calendars/2025/dates/2025-12-31";
        await zone.Put(url, new { working = false }, zone.AdminToken, 400);   // no reason
        await zone.Put(url, new { working = false, reason = "Announced late" }, zone.SupervisorToken, 403);
        var changed = await zone.Put(url, new { working = false, name = "Extra day off", reason = "Announced late" }, zone.AdminToken,
            ifMatch: $"\"{before.Version}\"").Json<CalendarView>();
        Assert.Equal(before.Version + 1, changed.Version);
        Assert.Equal(("Holiday", "Extra day off"), (changed.Dates[^1].Kind, changed.Dates[^1].Name));
        await zone.Put(url, new { working = true, reason = "Undo" }, zone.AdminToken, 412, ifMatch: $"\"{before.Version}\"");
        await zone.Put("/api/calendars/2025/dates/2026-01-05", new { working = false, reason = "x" }, zone.AdminToken, 400);
        await zone.Put("/api/calendars/2031/dates/2031-01-05", new { working = false, reason = "x" }, zone.AdminToken, 404);
    }
}

/// <summary>The zone at any instant a test names.</summary>
public class ZoneAt(DateTimeOffset start) : Zone
{
    protected override DateTimeOffset Start => start;
}
