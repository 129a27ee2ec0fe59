using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>One listed date: <c>{"date": "2027-02-06", "kind": "Off", "name": "Spring Festival"}</c>.</summary>
public sealed record CalendarDayInput(string? Date, string? Kind, string? Name);

/// <summary>
/// A year's calendar as JSON: the dates that differ from the weekday rule (holidays off, weekend
/// days made working), the source it was copied from, and optional business hours
/// (<c>["08:30-12:00", "13:30-17:30"]</c>; none: the whole day).
/// </summary>
public sealed record CalendarYearInput(int? Year, string? Source, CalendarDayInput?[]? Days, string[]? BusinessHours);

public sealed record LoadCalendarYear(string Zone, int Year, CalendarDay[] Days, WorkingPeriod[] BusinessHours, string Source, Guid By)
{
    public const int MaxDays = 366;

    /// <summary>
    /// Pure validation of everything sent, naming each item (<c>days[3].date</c> in JSON,
    /// <c>line 4</c> in CSV): a date twice, a date outside the year, a working day that is not a
    /// weekend day, unknown kinds, malformed or overlapping business hours.
    /// </summary>
    public static (LoadCalendarYear? Command, Validation Check) From(string zone, int year, CalendarYearInput input,
        IReadOnlyList<string> labels, Guid by)
    {
        var check = new Validation()
            .When(input.Year is { } y && y != year, "year", $"The body is for {input.Year}, the address for {year}.")
            .Required("source", input.Source, Limits.ShortText)
            .Count("days", input.Days ?? [], 0, MaxDays);
        var days = new List<CalendarDay>();
        var firstLabel = new Dictionary<DateOnly, string>();
        for (var i = 0; i < (input.Days?.Length ?? 0); i++)
        {
            var (d, label) = (input.Days![i], labels[i]);
            if (d is null) { check.Add(label, "A day entry is required."); continue; }
            var kind = Enum.TryParse<DayKind>(d.Kind, ignoreCase: false, out var k) && Enum.IsDefined(k) ? k : (DayKind?)null;
            check.When(kind is null, Field(label, "kind"), "kind must be Off (a holiday) or Working (a weekend day made a working day).")
                .Optional(Field(label, "name"), d.Name, Limits.Name);
            if (!DateOnly.TryParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                check.Add(Field(label, "date"), "date must be a date like 2027-02-06.");
                continue;
            }
            if (date.Year != year) check.Add(Field(label, "date"), $"{date:yyyy-MM-dd} is not in {year}.");
            else if (firstLabel.TryGetValue(date, out var first)) check.Add(Field(label, "date"), $"{date:yyyy-MM-dd} is listed twice (first at {first}).");
            else if (kind == DayKind.Working && !WorkingCalendar.IsWeekend(date))
                check.Add(Field(label, "kind"), $"{date:yyyy-MM-dd} is a {date.DayOfWeek}: only a Saturday or Sunday can be made a working day.");
            firstLabel.TryAdd(date, label);
            if (kind is { } known) days.Add(new CalendarDay(date, known, string.IsNullOrWhiteSpace(d.Name) ? null : d.Name.Trim()));
        }
        var hours = ParseHours(input.BusinessHours, check);
        return check.IsValid
            ? (new LoadCalendarYear(zone, year, [.. days.OrderBy(d => d.Date)], hours, input.Source!.Trim(), by), check)
            : (null, check);
    }

    private static string Field(string label, string name) => label.StartsWith("line ", StringComparison.Ordinal) ? $"{label}: {name}" : $"{label}.{name}";

    /// <summary>"08:30-12:00" each; none given: the whole day.</summary>
    public static WorkingPeriod[] ParseHours(string[]? text, Validation check)
    {
        if (text is null || text.Length == 0) return WorkingPeriod.WholeDay;
        if (text.Length > 6) { check.Add("businessHours", "At most 6 periods of business hours."); return []; }
        var periods = new List<WorkingPeriod>();
        for (var i = 0; i < text.Length; i++)
        {
            var parts = text[i]?.Split('-');
            if (parts is not [var from, var to] || Time(from) is not { } f || Time(to) is not { } t)
                check.Add($"businessHours[{i}]", "Each period is written like 08:30-12:00 (24:00 for the end of the day).");
            else periods.Add(new WorkingPeriod(f, t));
        }
        if (periods.Count == text.Length) check.Problem("businessHours", WorkingPeriod.Problem(periods));
        return [.. periods];
    }

    private static TimeSpan? Time(string text) =>
        text.Trim() == "24:00" ? TimeSpan.FromDays(1)
        : TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.ToTimeSpan() : null;
}

public static class LoadCalendarYearHandler
{
    public static async Task<(CalendarYear, IStartStream)> Handle(LoadCalendarYear cmd, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var id = CalendarYear.IdFor(cmd.Zone, cmd.Year);
        if (await session.LoadAsync<CalendarYear>(id, ct) is { } loaded)
            throw Refusal.Conflict($"The {cmd.Year} calendar is loaded already (source: {loaded.Source}); correct single dates instead.",
                new { version = loaded.Version });
        var e = new CalendarYearLoaded(id, cmd.Zone, cmd.Year, cmd.Days, cmd.BusinessHours, cmd.Source, cmd.By, clock.GetUtcNow());
        var year = CalendarYear.Create(e);
        year.Version = 1;
        return (year, MartenOps.StartStream<CalendarYear>(id, e));
    }
}

public static class LoadCalendarYearEndpoint
{
    private const int MaxChars = 200_000;

    /// <summary>
    /// Loads a year's working calendar from JSON (<see cref="CalendarYearInput"/>) or CSV
    /// (<c>text/csv</c>, header <c>date,kind,name</c>; the source in the <c>source</c> query
    /// parameter). All or nothing: every invalid entry is reported at once, naming its item or line.
    /// </summary>
    [WolverinePost("/api/calendars/{year}", Name = "LoadCalendarYear"), Authorize(Roles = Roles.Admin), Tags("Calendars")]
    [Consumes(typeof(CalendarYearInput), "application/json", "text/csv"), RequestSizeLimit(MaxChars * 4L)]
    [ProducesResponseType<CalendarView>(201), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Post(string year, HttpContext http, IMessageBus bus, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var y = CalendarYear.ParseYear(year);
        var (input, labels) = await ReadAsync(http, json.Value.SerializerOptions);
        var (cmd, check) = LoadCalendarYear.From(ZoneCalendars.DefaultZone, y, input, labels, http.UserId());
        if (cmd is null) return TypedResults.Problem(check.Result);
        try
        {
            var loaded = await bus.InvokeAsync<CalendarYear>(cmd, http.RequestAborted);
            return TypedResults.Created($"/api/calendars/{year}", CalendarView.Of(loaded));
        }
        catch (ExistingStreamIdCollisionException)
        {
            throw Refusal.Conflict($"The {year} calendar was loaded meanwhile; correct single dates instead.");
        }
    }

    /// <summary>The body as JSON (read by the service's one JSON policy) or as CSV (its cells held to the same text rule).</summary>
    private static async Task<(CalendarYearInput, IReadOnlyList<string>)> ReadAsync(HttpContext http, JsonSerializerOptions json)
    {
        var text = await BodyText.ReadAsync(http, MaxChars, "A calendar");
        if (http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            var records = Csv.Parse(text);
            if (records.Count == 0 || !records[0].Cells.Select(c => c.Trim().ToLowerInvariant()).SequenceEqual(["date", "kind", "name"]))
                throw Refusal.Invalid("header", "The first line must be the header date,kind,name.");
            var rows = records.Skip(1).ToList();
            if (rows.FirstOrDefault(r => r.Cells.Any(c => !InputText.IsAcceptable(c))) is { Cells: not null } bad)
                throw Refusal.Invalid($"line {bad.Line}", InputText.Rule);
            var days = rows.Select(r => r.Cells.Length == 3 ? new CalendarDayInput(r.Cells[0].Trim(), r.Cells[1].Trim(), r.Cells[2]) : null).ToArray();
            return (new CalendarYearInput(null, http.Request.Query["source"].FirstOrDefault(), days, null), [.. rows.Select(r => $"line {r.Line}")]);
        }
        CalendarYearInput? input;
        var body = json.GetTypeInfo(typeof(CalendarYearInput));
        try { input = (CalendarYearInput?)JsonSerializer.Deserialize(text, body); }
        catch (JsonException e) { throw JsonInput.Refusal(e, body); }
        if (input is null) throw Refusal.Invalid("body", "A JSON body is required.");
        return (input, [.. Enumerable.Range(0, input.Days?.Length ?? 0).Select(i => $"days[{i}]")]);
    }
}
