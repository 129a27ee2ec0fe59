using Npgsql;
using NpgsqlTypes;

namespace ProjectTracker.Benchmarks;

/// <summary>The single-row insert both baselines run: a request-sized JSON document, committed on its own.</summary>
public static class SingleRowInsert
{
    public const string Body = """{"category":"Funding","title":"Need a working-capital loan","description":"Our enterprise needs a bridging loan of 5 million yuan for raw materials before the spring orders ship."}""";
    public const string Table = "create table filings (id uuid primary key, filed_at timestamptz not null, body jsonb not null)";
}

/// <summary>
/// Npgsql as fast as it goes for this: one durable single-row insert per call, a prepared
/// statement (kept per physical connection, so after the first call on a connection it costs
/// nothing), parameters typed (no cast, no inference), a connection taken from and returned to
/// the pool each call — as the service does, with the same pool settings (the connection string
/// the service gets).
/// </summary>
public sealed class RawInsertBaseline(string connectionString) : IWorkload
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public string Name => "npgsql";

    public async Task PrepareAsync(int clients)
    {
        await using var create = _source.CreateCommand(SingleRowInsert.Table);
        await create.ExecuteNonQueryAsync();
    }

    public async Task OnceAsync(int client)
    {
        await using var conn = await _source.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("insert into filings (id, filed_at, body) values ($1, now(), $2)", conn)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() },
                new NpgsqlParameter<string> { TypedValue = SingleRowInsert.Body, NpgsqlDbType = NpgsqlDbType.Jsonb },
            },
        };
        await cmd.PrepareAsync();
        await cmd.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
