using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// PostgreSQL's own ceiling for the same insert: pgbench (Debian's postgresql package, found as
/// deploy/postgres.sh finds initdb, or PT_PGBENCH), prepared statements, the same client count,
/// the body sent as a parameter and cast to jsonb per row as Npgsql's is. The id is made by the
/// server (gen_random_uuid; pgbench has no uuid variables). Its log gives each transaction's latency.
/// </summary>
public sealed partial class Pgbench(string connectionString) : ISelfTimedWorkload
{
    private readonly string _work = System.IO.Directory.CreateTempSubdirectory("pt-pgbench-").FullName;

    public string Name => "pgbench";

    public static string? Find() =>
        Environment.GetEnvironmentVariable("PT_PGBENCH") is { Length: > 0 } set ? set
        : System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Order().Select(d => Path.Combine(d, "bin", "pgbench")).LastOrDefault(File.Exists)
            : null;

    public async Task PrepareAsync(int clients)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var create = new NpgsqlCommand(SingleRowInsert.Table, conn);
        await create.ExecuteNonQueryAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "insert.sql"),
            "insert into filings (id, filed_at, body) values (gen_random_uuid(), now(), cast(:body as jsonb));\n");
    }

    public Task OnceAsync(int client) => throw new NotSupportedException("pgbench runs whole rounds.");

    public async Task<Round> RoundAsync(int clients, TimeSpan duration)
    {
        var exe = Find() ?? throw new InvalidOperationException("pgbench not found: install Debian's postgresql package (deploy/postgres.sh does) or set PT_PGBENCH.");
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        foreach (var old in System.IO.Directory.GetFiles(_work, "log*")) File.Delete(old);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     "-n", "-M", "prepared", "-c", $"{clients}", "-j", $"{Math.Min(clients, Environment.ProcessorCount)}", "-T", $"{seconds}",
                     "-f", Path.Combine(_work, "insert.sql"), "-D", $"body={SingleRowInsert.Body}",
                     "-l", "--log-prefix", Path.Combine(_work, "log"),
                     "-h", cs.Host!, "-p", $"{cs.Port}", "-U", cs.Username ?? "postgres", cs.Database!,
                 }) start.ArgumentList.Add(a);
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {await errors}");
        // Each log line: client, transaction, latency (µs), script, epoch seconds, µs.
        var latencies = System.IO.Directory.GetFiles(_work, "log*").SelectMany(File.ReadLines)
            .Select(l => double.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture) / 1000.0).ToArray();
        var tps = Tps().Match(await output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : latencies.Length / (double)seconds;
        return new Round(latencies.Length, TimeSpan.FromSeconds(latencies.Length / tps), latencies);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }
}
