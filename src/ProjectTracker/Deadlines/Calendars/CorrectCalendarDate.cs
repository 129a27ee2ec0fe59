using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>The date becomes a working day (<c>working: true</c>) or a day off, and why (e.g. the notice that announced it).</summary>
public sealed record CalendarDateInput(bool? Working, string? Name, string? Reason)
{
    public Validation Check() => new Validation()
        .Required("working", Working)
        .Optional("name", Name, Limits.Name)
        .Required("reason", Reason, Limits.ShortText);
}

/// <summary>Published when a date changed: every open clock it touches is counted again.</summary>
public sealed record CalendarCorrected(Guid CalendarId, string Zone, int Version, DateOnly Date, string Reason);

public sealed record CorrectCalendarDate(Guid CalendarYearId, DateOnly Date, bool Working, string? Name, string Reason, int? ExpectedVersion, Guid By);

[AggregateHandler]
public static class CorrectCalendarDateHandler
{
    /// <summary>The correction and the recompute it calls for commit together: open clocks are then recomputed (Requests/Recomputing).</summary>
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(CorrectCalendarDate cmd, CalendarYear? loaded, TimeProvider clock)
    {
        var year = loaded ?? throw Refusal.NotFound($"The {cmd.Date.Year} calendar");
        var events = Decide(cmd, year, clock.GetUtcNow());
        return events.Count == 0 ? (new UpdatedAggregate(), events, [])
            : (new UpdatedAggregate(), events, [new CalendarCorrected(year.Id, year.Zone, year.Version + 1, cmd.Date, cmd.Reason.Trim())]);
    }

    /// <summary>A date already so appends nothing; a weekday cannot be declared a working weekend day, but any date can be made off.</summary>
    public static Events Decide(CorrectCalendarDate cmd, CalendarYear year, DateTimeOffset now)
    {
        Preconditions.Expect(cmd.ExpectedVersion, year.Version, $"The {year.Year} calendar");
        if (cmd.Date.Year != year.Year) throw Refusal.Invalid("date", $"{cmd.Date:yyyy-MM-dd} is not in {year.Year}.");
        var calendar = new WorkingCalendar(TimeSpan.Zero, [year.ToDays()]);
        if (calendar.IsWorkingDay(cmd.Date) == cmd.Working) return [];
        return [new CalendarDateChanged(cmd.Date, cmd.Working, string.IsNullOrWhiteSpace(cmd.Name) ? null : cmd.Name.Trim(), cmd.Reason.Trim(), cmd.By, now)];
    }
}

public static class CorrectCalendarDateEndpoint
{
    public static ProblemDetails Validate(CalendarDateInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    /// <summary>Corrects one date of a loaded year; open clocks that the date touches are recomputed.</summary>
    [WolverinePut("/api/calendars/{year}/dates/{date}", Name = "CorrectCalendarDate"), RequiresIfMatch, Authorize(Roles = Roles.Admin), Tags("Calendars")]
    public static async Task<CalendarView> Put(string year, string date, CalendarDateInput body, HttpContext http, IMessageBus bus)
    {
        var y = CalendarYear.ParseYear(year);
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw Refusal.Invalid("date", "date must be a date like 2027-02-06.");
        var id = CalendarYear.IdFor(ZoneCalendars.DefaultZone, y);
        var changed = await bus.InvokeAsync<CalendarYear>(
            new CorrectCalendarDate(id, day, body.Working!.Value, body.Name, body.Reason!, http.ExpectedVersion(), http.UserId()), http.RequestAborted);
        return Preconditions.Tag(http, CalendarView.Of(changed), changed.Version);
    }
}
