using JasperFx.Events;
using ProjectTracker.Deadlines.Calendars;

namespace ProjectTracker.Requests.Explaining;

/// <summary>A calendar year's stream version in force (null: no calendar loaded for the year, so weekends only).</summary>
public sealed record CalendarVersion(int Year, long? Version);

/// <summary>The zone's working calendar as it stood at some point, and each year stream's version then.</summary>
public sealed record CalendarInForce(WorkingCalendar Calendar, IReadOnlyDictionary<int, long> Versions)
{
    /// <summary>The versions of the years a clock ran through (from its start to its due).</summary>
    public IReadOnlyList<CalendarVersion> Spanning(DateTimeOffset from, DateTimeOffset to)
    {
        var (a, b) = (from.ToOffset(Calendar.ZoneOffset).Year, to.ToOffset(Calendar.ZoneOffset).Year);
        return [.. Enumerable.Range(a, Math.Max(b - a, 0) + 1).Select(y => new CalendarVersion(y, Versions.TryGetValue(y, out var v) ? v : null))];
    }
}

/// <summary>
/// Pure: the zone's calendar-year streams (their events, as stored) rebuilt as they stood before any
/// event of the store, by the events' global sequence. A request's event is judged on the calendar
/// committed before it: the one its handler counted on. The same aggregate code as the live
/// calendar (<see cref="CalendarYear"/>) folds the events.
/// </summary>
public sealed class CalendarHistory(TimeSpan zoneOffset, IEnumerable<IEvent> calendarEvents)
{
    private readonly IEvent[] _events = [.. calendarEvents.OrderBy(e => e.Sequence)];
    private readonly Dictionary<int, CalendarInForce> _byPrefix = [];

    /// <summary>The calendar in force before the event of global sequence <paramref name="sequence"/> was appended.</summary>
    public CalendarInForce Before(long sequence)
    {
        var count = _events.TakeWhile(e => e.Sequence < sequence).Count();
        if (_byPrefix.TryGetValue(count, out var known)) return known;
        return _byPrefix[count] = Fold(_events.Take(count));
    }

    /// <summary>Every calendar event given: the calendar as of the read (today, or the instant read as of).</summary>
    public CalendarInForce Latest => Before(long.MaxValue);

    private CalendarInForce Fold(IEnumerable<IEvent> events)
    {
        var years = new Dictionary<Guid, CalendarYear>();
        foreach (var e in events)
            switch (e.Data)
            {
                case CalendarYearLoaded loaded:
                    years[e.StreamId] = CalendarYear.Create(loaded);
                    years[e.StreamId].Version = (int)e.Version;
                    break;
                case CalendarDateChanged changed when years.TryGetValue(e.StreamId, out var year):
                    year.Apply(changed);
                    year.Version = (int)e.Version;
                    break;
            }
        return new CalendarInForce(new WorkingCalendar(zoneOffset, years.Values.Select(y => y.ToDays())),
            years.Values.ToDictionary(y => y.Year, y => (long)y.Version));
    }
}
