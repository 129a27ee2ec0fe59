using Npgsql;

namespace ProjectTracker.Benchmarks;

public static class Databases
{
    /// <summary>A fresh database per phase, so one phase's rows never slow another.</summary>
    public static async Task<string> CreateAsync(string server, string phase)
    {
        var name = $"pt_bench_{phase}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"create database \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
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
}

public sealed record Machine(string Cpu, int Cores, string Memory, string Postgres, string Fsync, string SynchronousCommit)
{
    public static async Task<Machine> DescribeAsync(string server)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var mem = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim() : "?";
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        async Task<string> Show(string what) { await using var c = new NpgsqlCommand(what, conn); return (await c.ExecuteScalarAsync())!.ToString()!; }
        var m = new Machine(cpu, Environment.ProcessorCount, mem, await Show("select version()"), await Show("show fsync"), await Show("show synchronous_commit"));
        if (m.Fsync != "on" || m.SynchronousCommit != "on")
            throw new InvalidOperationException("Benchmarks keep production durability: fsync and synchronous_commit must be on.");
        return m;
    }

    public override string ToString() => $"{Cores} cores ({Cpu}), {Memory}; {Postgres.Split(" on ")[0]}; fsync={Fsync}, synchronous_commit={SynchronousCommit}";
}
