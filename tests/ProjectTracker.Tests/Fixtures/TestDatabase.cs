using Npgsql;
using Testcontainers.PostgreSql;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>
/// A PostgreSQL server for the tests: PT_TEST_POSTGRES when set (deploy/test.sh and CI start a
/// local cluster), else a Testcontainers container. Each fixture gets a database of its own.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _server;
    private static PostgreSqlContainer? _container;

    public static async Task<string> CreateAsync()
    {
        var server = await ServerAsync();
        var name = $"pt_test_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Dropped when the fixture ends, so hundreds of test databases do not pile up.</summary>
    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(await ServerAsync());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is not null) return _server;
            var fromEnv = Environment.GetEnvironmentVariable("PT_TEST_POSTGRES");
            if (!string.IsNullOrWhiteSpace(fromEnv)) return _server = fromEnv;
            _container = new PostgreSqlBuilder("postgres:15").Build();
            await _container.StartAsync();
            return _server = _container.GetConnectionString();
        }
        finally { Gate.Release(); }
    }
}
