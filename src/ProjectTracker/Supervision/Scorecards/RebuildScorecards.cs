using JasperFx.CommandLine;
using Marten;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Requests;

namespace ProjectTracker.Supervision.Scorecards;

public sealed class RebuildScorecardsInput : NetCoreInput;

/// <summary>
/// `rebuild-scorecards`: the request outcomes behind scorecards, rankings and exports, rebuilt
/// from the event store. Run it after changing how outcomes are counted, or to check them: a
/// rebuild gives the numbers the inline projection kept (RebuildTests).
///
/// It replays stream by stream, not through Marten's projection daemon. The daemon replays in
/// global sequence order up to its high-water mark, and a deadline sweep holding its transaction
/// open (sequence numbers taken, Deadlines/Sweeping) stops that mark: measured, a daemon rebuild
/// started during a sweep's look-ahead ran 5 minutes and left out a request filed meanwhile
/// (SweepInFlightTests keeps the scenario). A request's own events are committed together and in
/// version order, so per stream there is no gap to wait at. Each batch locks its requests' rows,
/// so a command on one of them commits before the batch reads or after it writes.
/// Escalation figures come from the escalation documents, which are not rebuilt here.
/// </summary>
[Description("Rebuild the scorecards' request outcomes from the event store", Name = "rebuild-scorecards")]
public sealed class RebuildScorecardsCommand : JasperFxAsyncCommand<RebuildScorecardsInput>
{
    private const int BatchSize = 500;

    public override async Task<bool> Execute(RebuildScorecardsInput input)
    {
        using var host = input.BuildHost();
        var started = DateTime.UtcNow;
        var count = await RebuildAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<ZoneCalendars>(),
            CancellationToken.None);
        Console.WriteLine($"Rebuilt {count} request outcomes in {(DateTime.UtcNow - started).TotalSeconds:0.0} s.");
        return true;
    }

    /// <returns>How many outcomes were written.</returns>
    public static async Task<int> RebuildAsync(IDocumentStore store, ZoneCalendars calendars, CancellationToken ct)
    {
        var projection = new RequestOutcomeProjection(calendars);
        var requests = store.Options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName;
        var written = 0;
        for (var after = Guid.Empty; ;)
        {
            await using var session = store.LightweightSession();
            await session.BeginTransactionAsync(ct);
            var ids = (await session.QueryAsync<Guid>($"select id from {requests} where id > ? order by id limit {BatchSize} for update", ct, after)).ToArray();
            if (ids.Length == 0) return written;
            var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids))
                .OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToListAsync(ct);
            foreach (var stream in events.GroupBy(e => e.StreamId))
            {
                RequestOutcome? outcome = null;
                foreach (var e in stream) outcome = projection.Evolve(outcome, stream.Key, e);
                if (outcome is null) continue;
                session.Store(outcome);
                written++;
            }
            await session.SaveChangesAsync(ct);
            after = ids[^1];
        }
    }
}
