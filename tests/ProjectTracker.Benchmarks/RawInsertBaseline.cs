using Npgsql;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// The floor under everything: one durable single-row insert of a request-sized JSON document
/// per round trip, from the same number of concurrent clients, through Npgsql.
/// </summary>
public sealed class RawInsertBaseline(string connectionString) : IWorkload
{
    private const string Body = """{"category":"Funding","title":"Need a working-capital loan","description":"Our enterprise needs a bridging loan of 5 million yuan for raw materials before the spring orders ship."}""";
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public async Task PrepareAsync(int clients)
    {
        await using var create = _source.CreateCommand("create table filings (id uuid primary key, filed_at timestamptz not null, body jsonb not null)");
        await create.ExecuteNonQueryAsync();
    }

    public async Task OnceAsync(int client)
    {
        await using var cmd = _source.CreateCommand("insert into filings (id, filed_at, body) values ($1, now(), $2::jsonb)");
        cmd.Parameters.AddWithValue(Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(Body);
        await cmd.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
