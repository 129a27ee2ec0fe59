using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>Workday, Weekend, Holiday (节假日) or AdjustedWorkingDay (调休上班).</summary>
public sealed record CalendarDateView(DateOnly Date, DayOfWeek DayOfWeek, bool Working, string Kind, string? Name);

/// <summary>Every date of a year, whether it is a working day and why, with the business hours and the calendar's source.</summary>
public sealed record CalendarView(int Year, string Zone, int Version, string Source, string[] BusinessHours, int WorkingDays, CalendarDateView[] Dates)
{
    public static CalendarView Of(CalendarYear y)
    {
        var calendar = new WorkingCalendar(TimeSpan.Zero, [y.ToDays()]);
        var named = y.Days.ToDictionary(d => d.Date);
        var dates = Enumerable.Range(0, DateTime.IsLeapYear(y.Year) ? 366 : 365).Select(i => new DateOnly(y.Year, 1, 1).AddDays(i)).Select(d =>
        {
            var working = calendar.IsWorkingDay(d);
            var kind = named.ContainsKey(d) ? (working ? "AdjustedWorkingDay" : "Holiday") : WorkingCalendar.IsWeekend(d) ? "Weekend" : "Workday";
            return new CalendarDateView(d, d.DayOfWeek, working, kind, named.GetValueOrDefault(d)?.Name);
        }).ToArray();
        return new CalendarView(y.Year, y.Zone, y.Version, y.Source,
            [.. y.BusinessHours.Select(p => $"{WorkingPeriod.Show(p.From)}-{WorkingPeriod.Show(p.To)}")], dates.Count(d => d.Working), dates);
    }
}

public static class ReadCalendarEndpoint
{
    /// <summary>A year's working days. A year not loaded is 404: clocks reaching it count weekends only.</summary>
    [WolverineGet("/api/calendars/{year}", Name = "ReadCalendar"), Authorize, Tags("Calendars")]
    public static async Task<CalendarView> Get(string year, HttpContext http, IQuerySession session)
    {
        var y = CalendarYear.ParseYear(year);
        var loaded = await session.LoadAsync<CalendarYear>(CalendarYear.IdFor(ZoneCalendars.DefaultZone, y), http.RequestAborted)
            ?? throw new Refusal(RefusalKind.NotFound, $"No working calendar is loaded for {year}: clocks there count weekends only. An administrator loads it at POST /api/calendars/{year}.");
        return Preconditions.Tag(http, CalendarView.Of(loaded), loaded.Version);
    }
}
