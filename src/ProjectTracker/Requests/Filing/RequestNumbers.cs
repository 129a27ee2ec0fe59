using Marten;
using Weasel.Postgresql;

namespace ProjectTracker.Requests.Filing;

/// <summary>
/// Human-readable numbers (R-2026-000123) from a PostgreSQL sequence, reserved fifty at a time
/// so filing does not pay a round trip per number. Unique across nodes; a filing refused by its
/// decision takes none. Not gapless: a restart drops a node's reserved block, and a filing failing at
/// commit drops its number (gapless numbers would serialize every filing on one row lock).
/// </summary>
public sealed class RequestNumbers(IDocumentStore store)
{
#pragma warning disable CS0618 // plain lower-case identifiers: the quoting-aware overload changes nothing here
    public static readonly PostgresqlObjectName Sequence = new("projecttracker", "request_numbers");
#pragma warning restore CS0618
    private const int Block = 50;

    private readonly Queue<long> _reserved = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static void Register(StoreOptions o) => o.Storage.ExtendedSchemaObjects.Add(new Sequence(Sequence));

    public async Task<long> NextAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_reserved.Count == 0)
            {
                await using var session = store.QuerySession();
                foreach (var n in await session.QueryAsync<long>(
                             $"select nextval('{Sequence.QualifiedName}') from generate_series(1, {Block})", ct))
                    _reserved.Enqueue(n);
            }
            return _reserved.Dequeue();
        }
        finally { _gate.Release(); }
    }

    public static string Format(long n, DateTimeOffset filedAt) => $"R-{filedAt.Year}-{n:D6}";
}
