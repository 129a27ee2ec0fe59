namespace ProjectTracker.Deadlines.Calendars;

/// <summary>A span of working time within a working day, in the zone's local time (To may be 24:00).</summary>
public sealed record WorkingPeriod(TimeSpan From, TimeSpan To)
{
    public static readonly WorkingPeriod[] WholeDay = [new(TimeSpan.Zero, TimeSpan.FromDays(1))];

    public TimeSpan Length => To - From;

    /// <summary>Periods in order, each inside the day, none empty or overlapping: null when fine, else why not.</summary>
    public static string? Problem(IReadOnlyList<WorkingPeriod> periods)
    {
        if (periods.Count == 0) return "At least one period of business hours is needed.";
        for (var i = 0; i < periods.Count; i++)
        {
            var p = periods[i];
            if (p.From < TimeSpan.Zero || p.To > TimeSpan.FromDays(1) || p.From >= p.To)
                return $"Period {i + 1} ({Show(p.From)}-{Show(p.To)}) must start before it ends, within 00:00-24:00.";
            if (i > 0 && p.From < periods[i - 1].To)
                return $"Period {i + 1} ({Show(p.From)}-{Show(p.To)}) overlaps or precedes period {i}: list the periods in order, apart.";
        }
        return null;
    }

    public static string Show(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}";
}

/// <summary>One year's working days: holidays off, adjusted weekend days (调休) on, and business hours.</summary>
public sealed record CalendarYearDays(int Year, IReadOnlySet<DateOnly> DaysOff, IReadOnlySet<DateOnly> WorkingWeekendDays,
    IReadOnlyList<WorkingPeriod> BusinessHours);

/// <summary>
/// A zone's working time (工作日): which local dates are working days, and the business hours of
/// each. Pure: due times are computed from it without touching the database. A year with no
/// calendar loaded counts weekends only, and every computation that reaches one says so
/// (<see cref="WorkingInstant.AssumedYears"/>) rather than guessing silently.
/// </summary>
public sealed class WorkingCalendar(TimeSpan zoneOffset, IEnumerable<CalendarYearDays> years)
{
    /// <summary>Guards against a calendar with no working day at all (every date off for years).</summary>
    private const int MaxDaysScanned = 3 * 366;

    private readonly Dictionary<int, CalendarYearDays> _years = years.ToDictionary(y => y.Year);

    public TimeSpan ZoneOffset { get; } = zoneOffset;
    public IReadOnlyCollection<int> Years => _years.Keys;

    public static WorkingCalendar WeekendsOnly(TimeSpan zoneOffset) => new(zoneOffset, []);

    public bool Knows(int year) => _years.ContainsKey(year);

    public bool IsWorkingDay(DateOnly date) =>
        _years.TryGetValue(date.Year, out var y)
            ? y.WorkingWeekendDays.Contains(date) || (!y.DaysOff.Contains(date) && !IsWeekend(date))
            : !IsWeekend(date);

    public IReadOnlyList<WorkingPeriod> HoursOn(DateOnly date) =>
        _years.TryGetValue(date.Year, out var y) ? y.BusinessHours : WorkingPeriod.WholeDay;

    /// <summary>The working time of one working day in <paramref name="year"/>: what "one working day" adds.</summary>
    public TimeSpan DayLength(int year) => HoursOn(new DateOnly(year, 1, 1)).Aggregate(TimeSpan.Zero, (s, p) => s + p.Length);

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>
    /// The instant when <paramref name="workingTime"/> of working time has elapsed from
    /// <paramref name="start"/>. A start outside working time counts from the next start of working
    /// time; zero working time gives that start itself. Ending exactly at the close of a period
    /// gives the close (a whole working day ends at midnight, not at the next working morning).
    /// </summary>
    public WorkingInstant Add(DateTimeOffset start, TimeSpan workingTime)
    {
        if (workingTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(workingTime), "Working time cannot be negative.");
        var assumed = new SortedSet<int>();
        var local = start.ToOffset(ZoneOffset);
        var left = workingTime;
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++, date = date.AddDays(1))
        {
            if (!Knows(date.Year)) assumed.Add(date.Year);
            if (!IsWorkingDay(date)) continue;
            foreach (var period in HoursOn(date))
            {
                var (from, to) = (At(date, period.From), At(date, period.To));
                if (local >= to) continue;
                var begin = local > from ? local : from;
                if (left <= to - begin) return new WorkingInstant((begin + left).ToUniversalTime(), [.. assumed]);
                left -= to - begin;
            }
        }
        throw new InvalidOperationException($"No working time found within {MaxDaysScanned} days of {start:O}: the calendar has no working days.");
    }

    /// <summary>The working time inside [<paramref name="from"/>, <paramref name="to"/>): what a pause took out of a clock.</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var (a, b) = (from.ToOffset(ZoneOffset), to.ToOffset(ZoneOffset));
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(a.DateTime); date <= DateOnly.FromDateTime(b.DateTime); date = date.AddDays(1))
        {
            if (!IsWorkingDay(date)) continue;
            foreach (var period in HoursOn(date))
            {
                var (begin, end) = (Max(a, At(date, period.From)), Min(b, At(date, period.To)));
                if (end > begin) total += end - begin;
            }
        }
        return total;
    }

    private DateTimeOffset At(DateOnly date, TimeSpan timeOfDay) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), ZoneOffset) + timeOfDay;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>An instant in working time, and the years it was counted through without a calendar (weekends only).</summary>
public sealed record WorkingInstant(DateTimeOffset At, int[] AssumedYears);
