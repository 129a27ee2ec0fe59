using Npgsql;

namespace ProjectTracker.Nodes;

/// <summary>
/// PostgreSQL going away under load, without restarting the shared cluster: the run's database
/// stops accepting connections (ALLOW_CONNECTIONS false) and every session on it is ended, as a
/// server shutdown would; given back, the nodes must reconnect on their own. Unlike a restart the
/// refusal is an error from a running server (55000 "database does not allow connections"), not a
/// refused TCP connection or 57P03 "the database system is starting up".
/// </summary>
public static class Outage
{
    public static async Task BlockAsync(string server, string database)
    {
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var block = new NpgsqlCommand($"alter database \"{database}\" allow_connections false", conn);
        await block.ExecuteNonQueryAsync();
        await using var end = new NpgsqlCommand("select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = @db and pid <> pg_backend_pid()", conn);
        end.Parameters.AddWithValue("db", database);
        await end.ExecuteScalarAsync();
    }

    public static async Task UnblockAsync(string server, string database)
    {
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var unblock = new NpgsqlCommand($"alter database \"{database}\" allow_connections true", conn);
        await unblock.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();   // this program's own pooled sessions on it were ended too
    }
}
