using Npgsql;

namespace ProjectTracker.Benchmarks;

public static class Databases
{
    private static readonly List<(string Server, string Name)> Created = [];

    /// <summary>
    /// A fresh database per phase, so one phase's rows never slow another, named after the
    /// server's database (PT_BENCH_POSTGRES's Database=…, so each person's runs on a shared
    /// cluster are told apart). Dropped at the end of the run (<see cref="DropCreatedAsync"/>).
    /// </summary>
    public static async Task<string> CreateAsync(string server, string phase)
    {
        var prefix = new NpgsqlConnectionStringBuilder(server).Database ?? "projecttracker";
        var name = $"{prefix}_bench_{phase}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await ExecuteAsync(server, $"create database \"{name}\"");
        lock (Created) Created.Add((server, name));
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        await ApplySchemaAsync(connectionString);
        return connectionString;
    }

    /// <summary>
    /// The benchmarks run the service in Production, which never creates its schema: `db-apply`
    /// does, as an operator would (README, Run in production), with the dll built beside this one.
    /// </summary>
    private static async Task ApplySchemaAsync(string connectionString)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ProjectTracker.dll"));
        info.ArgumentList.Add("db-apply");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Auth__SigningKey"] = BenchHost.SigningKey;
        using var p = System.Diagnostics.Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"db-apply failed: {output}{await err}");
    }

    /// <summary>A database kept between runs (<c>&lt;name&gt;_bench_&lt;phase&gt;</c>): created when absent, dropped only when asked (<paramref name="dropFirst"/>).</summary>
    public static async Task<string> KeptAsync(string server, string phase, bool dropFirst = false)
    {
        var prefix = new NpgsqlConnectionStringBuilder(server).Database ?? "projecttracker";
        var name = $"{prefix}_bench_{phase}";
        if (dropFirst)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"drop database if exists \"{name}\" with (force)");
        }
        await using (var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await conn.OpenAsync();
            await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = $1", conn) { Parameters = { new() { Value = name } } };
            if ((long)(await exists.ExecuteScalarAsync())! == 0) await ExecuteAsync(server, $"create database \"{name}\"");
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        await ApplySchemaAsync(connectionString);
        return connectionString;
    }

    public static async Task DropCreatedAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var (server, name) in Created) await ExecuteAsync(server, $"drop database if exists \"{name}\" with (force)");
        Created.Clear();
    }

    /// <summary>On the maintenance database: the server's own may be one that does not exist (a name prefix only).</summary>
    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

public sealed record Machine(string Cpu, int Cores, string Memory, string Postgres, string Fsync, string SynchronousCommit)
{
    public static async Task<Machine> DescribeAsync(string server)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var mem = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim() : "?";
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        async Task<string> Show(string what) { await using var c = new NpgsqlCommand(what, conn); return (await c.ExecuteScalarAsync())!.ToString()!; }
        var m = new Machine(cpu, Environment.ProcessorCount, mem, await Show("select version()"), await Show("show fsync"), await Show("show synchronous_commit"));
        if (m.Fsync != "on" || m.SynchronousCommit != "on")
            throw new InvalidOperationException("Benchmarks keep production durability: fsync and synchronous_commit must be on.");
        return m;
    }

    public override string ToString() => $"{Cores} cores ({Cpu}), {Memory}; {Postgres.Split(" on ")[0]}; fsync={Fsync}, synchronous_commit={SynchronousCommit}";
}
