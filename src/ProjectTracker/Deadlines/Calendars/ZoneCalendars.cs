using System.Collections.Concurrent;
using Marten;
using Marten.Services;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>
/// Each zone's working calendar, kept in memory so that computing a due time reads nothing. It is
/// rebuilt from the calendar documents at start-up, at once after this node commits a calendar
/// event, and when another node's change is noticed (<see cref="Keeper"/> looks every few seconds).
/// Keyed by zone: several zones will share one deployment, each with its own calendar.
/// </summary>
public sealed class ZoneCalendars(TimeSpan zoneUtcOffset)
{
    /// <summary>The one zone served today (the Weifang High-tech Zone).</summary>
    public const string DefaultZone = "weifang-hitech";

    private volatile IReadOnlyDictionary<string, WorkingCalendar> _byZone = new Dictionary<string, WorkingCalendar>();
    private readonly ConcurrentDictionary<int, bool> _uncovered = new();

    public WorkingCalendar Current => For(DefaultZone);

    public WorkingCalendar For(string zone) =>
        _byZone.TryGetValue(zone, out var calendar) ? calendar : WorkingCalendar.WeekendsOnly(zoneUtcOffset);

    /// <summary>Years that clocks have been counted through with no calendar loaded (weekends only), for health and logs.</summary>
    public IReadOnlyCollection<int> UncoveredYears => [.. _uncovered.Keys.Where(y => !Current.Knows(y)).Order()];

    /// <summary>True the first time one of <paramref name="years"/> is seen uncovered: warn once, not on every filing.</summary>
    public bool FirstUncovered(IEnumerable<int> years) => years.Aggregate(false, (first, y) => _uncovered.TryAdd(y, true) | first);

    public async Task ReloadAsync(IQuerySession session, CancellationToken ct)
    {
        var years = await session.Query<CalendarYear>().ToListAsync(ct);
        _byZone = years.GroupBy(y => y.Zone).ToDictionary(g => g.Key,
            g => new WorkingCalendar(zoneUtcOffset, g.Select(y => y.ToDays())));
        foreach (var year in years) _uncovered.TryRemove(year.Year, out _);
    }

    /// <summary>Rebuilds the calendars after a calendar event commits on this node (Persistence registers it).</summary>
    public sealed class Reload(ZoneCalendars calendars) : DocumentSessionListenerBase
    {
        public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (!commit.GetEvents().Any(e => e.Data is CalendarYearLoaded or CalendarDateChanged)) return;
            await using var query = session.DocumentStore.QuerySession();
            await calendars.ReloadAsync(query, token);
        }
    }

    /// <summary>
    /// Loads the shipped calendars that are not in the database yet (<see cref="ShippedCalendars"/>),
    /// then the calendars, before the service takes requests; afterwards looks every few seconds
    /// whether another node changed one.
    /// </summary>
    public sealed class Keeper(IDocumentStore store, ZoneCalendars calendars, TimeProvider clock, ILogger<Keeper> log) : BackgroundService
    {
        public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(5);
        private long _seen = -1;

        public override async Task StartAsync(CancellationToken ct)
        {
            await ShippedCalendars.LoadMissingAsync(store, DefaultZone, clock.GetUtcNow(), log, ct);
            await LookAsync(ct);
            await base.StartAsync(ct);
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(LookEvery, stop).ContinueWith(_ => { }, CancellationToken.None);
                try { await LookAsync(stop); }
                catch (Exception e) when (!stop.IsCancellationRequested) { log.LogWarning(e, "Could not look for calendar changes; keeping the calendars in memory"); }
            }
        }

        /// <summary>The sum of the calendar streams' versions moves with every calendar event, wherever it was committed.</summary>
        private async Task LookAsync(CancellationToken ct)
        {
            await using var session = store.QuerySession();
            var table = store.Options.FindOrResolveDocumentType(typeof(CalendarYear)).TableName.QualifiedName;
            var stamp = (await session.QueryAsync<long>($"select coalesce(sum(mt_version), 0) + count(*) * 1000000 from {table}", ct))[0];
            if (stamp == Interlocked.Exchange(ref _seen, stamp)) return;
            await calendars.ReloadAsync(session, ct);
        }
    }
}
