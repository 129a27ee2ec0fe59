using System.Collections.Concurrent;
using Marten;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;

namespace ProjectTracker.Requests.Filing;

/// <summary>What filing needs from the directory: the contact, its enterprise, the routing table.</summary>
public sealed record FilingParty(Contact? Contact, Enterprise? Enterprise, RoutingTable? Routing);

/// <summary>
/// Every filing reads the same few directory documents, which change rarely: kept here for a few
/// seconds, the filing transaction reads nothing (on a miss: two reads, before it). A
/// directory change committed on this node clears it at once (<see cref="DirectoryChanges"/>); one made on
/// another node shows within <see cref="KeptFor"/> — as a bearer token already outlives a
/// deactivation by its lifetime.
/// </summary>
public sealed class FilingDirectory
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (FilingParty Party, DateTimeOffset ReadAt)> _byContact = new();
    private readonly Lock _gate = new();
    private long _generation;   // moves on every clear, so a read that overlapped one is not kept
    private readonly TimeProvider _clock;

    public FilingDirectory(TimeProvider clock, DirectoryChanges changes)
    {
        _clock = clock;
        changes.Committed += Clear;
    }

    public async Task<FilingParty> ForContactAsync(IQuerySession session, Guid contactId, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (_byContact.TryGetValue(contactId, out var kept) && now - kept.ReadAt < KeptFor) return kept.Party;

        var generation = Volatile.Read(ref _generation);
        var batch = session.CreateBatchQuery();
        var contact = batch.Load<Contact>(contactId);
        var routing = batch.Load<RoutingTable>(RoutingTable.StreamId);
        await batch.Execute(ct);
        var enterprise = await contact is { } c ? await session.LoadAsync<Enterprise>(c.EnterpriseId, ct) : null;
        var party = new FilingParty(await contact, enterprise, await routing);
        // Checked and stored under the lock a clear takes: a read that overlapped a clear is not kept.
        lock (_gate)
            if (_generation == generation) _byContact[contactId] = (party, now);
        return party;
    }

    private void Clear()
    {
        lock (_gate)
        {
            _generation++;
            _byContact.Clear();
        }
    }
}
