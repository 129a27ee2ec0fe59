using Marten;
using Weasel.Postgresql;

namespace ProjectTracker.Requests.Filing;

/// <summary>Human-readable numbers (R-2026-000123) from a PostgreSQL sequence: unique, cheap, gaps allowed.</summary>
public static class RequestNumbers
{
#pragma warning disable CS0618 // plain lower-case identifiers: the quoting-aware overload changes nothing here
    public static readonly PostgresqlObjectName Sequence = new("projecttracker", "request_numbers");
#pragma warning restore CS0618

    public static void Register(StoreOptions o) => o.Storage.ExtendedSchemaObjects.Add(new Sequence(Sequence));

    public static async Task<long> NextAsync(IQuerySession session, CancellationToken ct) =>
        (await session.QueryAsync<long>($"select nextval('{Sequence.QualifiedName}')", ct)).Single();

    public static string Format(long n, DateTimeOffset filedAt) => $"R-{filedAt.Year}-{n:D6}";
}
