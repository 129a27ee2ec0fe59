using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>
/// A period's figures for one kind of unit, kept between reads while nothing they count has
/// changed: the aggregation over a year's credits costs 0.1-0.7 s at 1,000,000 requests, a check
/// that it still holds about a millisecond, and past periods rarely change.
///
/// Whether they still hold is asked of PostgreSQL on every read, so every node's copy is exact
/// whatever node wrote: the figures remember the snapshot they were read after
/// (<c>pg_current_snapshot()</c>, taken first), and each credit row and escalation version carries
/// the transaction that wrote it (<c>written</c>, indexed). Any row of the period written by a
/// transaction that snapshot could not see (committed since, or in flight then, whatever its
/// sequence numbers) means computing again; so does the clock passing the next running due in the
/// period (a clock turns late without an event), and an outcome deleted (a reset: the credit
/// table's clearing mark). A change to the period's requests always writes their credit rows again
/// (the zone's credit is in every outcome), so a credit that moves between units or kinds is seen too.
/// </summary>
public sealed class ScorecardCache
{
    private readonly MemoryCache _kept = new(new MemoryCacheOptions { SizeLimit = 512 });

    internal async Task<PeriodFigures> FiguresAsync(IQuerySession session, UnitKind kind, Period period, DateTimeOffset now, TimeSpan zoneOffset,
        CancellationToken ct)
    {
        var key = (session.Database.Id, session.DocumentStore.Options.DatabaseSchemaName, kind, period.From, period.To, zoneOffset);
        if (_kept.TryGetValue(key, out PeriodFigures? kept) && kept!.HoldsAt(now) && !await ChangedAsync(session, kept, period, zoneOffset, ct))
            return kept;
        var fresh = await Scorecards.FiguresAsync(session, kind, period, now, zoneOffset, ct);
        _kept.Set(key, fresh, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return fresh;
    }

    private static async Task<bool> ChangedAsync(IQuerySession session, PeriodFigures kept, Period period, TimeSpan zoneOffset, CancellationToken ct)
    {
        var (start, end) = period.Instants(zoneOffset);
        return (await session.QueryNumberedAsync<bool>(ScorecardSql.WrittenSince(session), ct,
            kept.Snapshot, period.From, period.To, start.ToUniversalTime(), end.ToUniversalTime())).Single();
    }
}

/// <summary>
/// What a period's credits and escalations count for each unit of a kind, as read after
/// <paramref name="Snapshot"/> at <paramref name="At"/>; the same until <paramref name="NextDue"/>
/// (the earliest running clock's due not yet passed then), unless something is written.
/// </summary>
internal sealed record PeriodFigures(IReadOnlyDictionary<Guid, UnitCounts> Counts, IReadOnlyDictionary<Guid, EscalationFigures> Escalations,
    string Snapshot, DateTimeOffset At, DateTimeOffset? NextDue)
{
    /// <summary>A verdict is "due &lt; now": between At and NextDue none turns.</summary>
    public bool HoldsAt(DateTimeOffset now) => now >= At && (NextDue is not { } due || now <= due);
}
