namespace ProjectTracker.Benchmarks;

/// <summary>The limit phase's figures: every workload's throughput from the same alternating rounds, and one traced round of filing.</summary>
public sealed record LimitResult(Dictionary<string, Throughput> Workloads, long TracedFilings, Traced[] Traced, bool StatStatements)
{
    public Throughput Pgbench => Workloads["pgbench"];
    public Throughput Npgsql => Workloads["npgsql"];
    public Throughput Filing => Workloads["filing (HTTP)"];
}

/// <summary>
/// PostgreSQL's ceiling (pgbench), Npgsql's best, and filing with its layers taken off one by
/// one, in alternating rounds of the same length at the same client count.
/// </summary>
public static class LimitPhase
{
    public static async Task<LimitResult> RunAsync(string server, BenchOptions o)
    {
        await using var pgbench = new Pgbench(await Databases.CreateAsync(server, "pgbench"));
        await using var npgsql = new RawInsertBaseline(await Databases.CreateAsync(server, "npgsql"));
        await using var host = new FilingHost(await Databases.CreateAsync(server, "filing"));
        var filing = new HttpFiling(host);
        IWorkload[] workloads = [pgbench, npgsql, new MartenFiling(host), new BusFiling(host), filing, new HttpEcho(host)];
        // --experiment auto-prepare: the same filing on a host whose connections prepare statements
        // (Npgsql's Max Auto Prepare), to measure what parsing and planning Marten's batch costs.
        // Not production: auto-preparation is off there (npgsql#6391, Infrastructure/Persistence.cs).
        await using var prepared = o.Experiments.Contains("auto-prepare")
            ? new FilingHost(new Npgsql.NpgsqlConnectionStringBuilder(await Databases.CreateAsync(server, "prepared")) { MaxAutoPrepare = 20, AutoPrepareMinUsages = 2 }.ConnectionString)
            : null;
        if (prepared is not null) workloads = [.. workloads, new HttpFiling(prepared, "filing (HTTP, auto-prepare)")];
        var results = await Load.InterleavedAsync(workloads, o.Clients, TimeSpan.FromSeconds(o.Seconds), o.Rounds, o.WarmUp);
        var (filings, traced) = await Tracing.RoundAsync(filing, o.Clients, TimeSpan.FromSeconds(o.Smoke ? 1 : 3));
        return new LimitResult(results, filings, traced, await StatStatementsAsync(server));
    }

    private static async Task<bool> StatStatementsAsync(string server)
    {
        await using var conn = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("show shared_preload_libraries", conn);
        return ((string)(await cmd.ExecuteScalarAsync())!).Contains("pg_stat_statements");
    }
}
