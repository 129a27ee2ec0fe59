using ProjectTracker.Infrastructure;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>Off: a public holiday (节假日); Working: a weekend day made a working day (调休上班).</summary>
public enum DayKind { Off, Working }

public sealed record CalendarDay(DateOnly Date, DayKind Kind, string? Name);

/// <summary>A year's calendar as published (the State Council General Office's yearly notice), loaded by an administrator or shipped.</summary>
public sealed record CalendarYearLoaded(Guid CalendarId, string Zone, int Year, CalendarDay[] Days, WorkingPeriod[] BusinessHours,
    string Source, Guid By, DateTimeOffset At);

/// <summary>One date corrected after the fact (a holiday announced late, a day made working), with who and why.</summary>
public sealed record CalendarDateChanged(DateOnly Date, bool Working, string? Name, string Reason, Guid By, DateTimeOffset At);

/// <summary>
/// One zone's working calendar for one year: a stream of its own, so every correction is audited
/// and the calendar in force at any past instant can be rebuilt from its events.
/// Only the dates that differ from the plain weekday rule matter; others are listed as given.
/// </summary>
public sealed class CalendarYear
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Zone { get; set; } = "";
    public int Year { get; set; }
    public List<CalendarDay> Days { get; set; } = [];
    public WorkingPeriod[] BusinessHours { get; set; } = WorkingPeriod.WholeDay;
    public string Source { get; set; } = "";

    public static Guid IdFor(string zone, int year) => StableId.From("calendar-year", zone, year);

    public const int MinYear = 2000, MaxYear = 2100;

    /// <summary>The year in an address: four digits, from MinYear to MaxYear, else a 400 naming it.</summary>
    public static int ParseYear(string text) =>
        text.Length == 4 && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
            && y is >= MinYear and <= MaxYear
            ? y
            : throw Refusal.Invalid("year", $"year must be a year from {MinYear} to {MaxYear}, like 2027.");

    public static CalendarYear Create(CalendarYearLoaded e) => new()
    {
        Id = e.CalendarId, Zone = e.Zone, Year = e.Year, Days = [.. e.Days.OrderBy(d => d.Date)], BusinessHours = e.BusinessHours, Source = e.Source,
    };

    public void Apply(CalendarDateChanged e)
    {
        Days.RemoveAll(d => d.Date == e.Date);
        // A date back to what the weekday rule says needs no entry.
        if (e.Working == WorkingCalendar.IsWeekend(e.Date))
            Days.Add(new CalendarDay(e.Date, e.Working ? DayKind.Working : DayKind.Off, e.Name));
        Days.Sort((a, b) => a.Date.CompareTo(b.Date));
    }

    public CalendarYearDays ToDays() => new(Year,
        Days.Where(d => d.Kind == DayKind.Off).Select(d => d.Date).ToHashSet(),
        Days.Where(d => d.Kind == DayKind.Working).Select(d => d.Date).ToHashSet(),
        BusinessHours);
}
