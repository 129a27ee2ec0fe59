namespace ProjectTracker.Benchmarks;

// One run measures everything, so the figures are ratios on the same machine at the same time.
// Usage: deploy/bench.sh [--smoke] [--only limit,mixed,burst,tenyears] [--requests 1000000] [--seconds 20] [--rounds 5] [--clients 8]
//                        [--no-rebuild] [--mixed-seconds 40] [--deadlines 100000] [--asof-requests 100000] [--reads 100] [--results file] [--keep-databases]
public static class Bench
{
    public static async Task<int> Main(string[] args)
    {
        var o = BenchOptions.Parse(args);
        var server = Environment.GetEnvironmentVariable("PT_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set PT_BENCH_POSTGRES (deploy/bench.sh does) to a PostgreSQL server connection string.");
        var machine = await Machine.DescribeAsync(server);
        Console.WriteLine(machine);
        var results = new Results(machine, o);
        try
        {
            if (o.Phases.Contains("limit"))
            {
                Console.WriteLine("limit: pgbench, Npgsql, filing and its layers, alternating");
                results.Limit = await LimitPhase.RunAsync(server, o);
            }
            if (o.Phases.Contains("mixed"))
            {
                Console.WriteLine("mixed: filing while deadlines fall due and queues are read");
                results.Mixed = await MixedPhase.RunAsync(server, o);
            }
            if (o.Phases.Contains("burst"))
            {
                Console.WriteLine($"burst: {o.Deadlines:N0} deadlines due at one instant");
                results.Burst = await BurstPhase.RunAsync(server, o);
            }
            if (o.Phases.Contains("tenyears"))
            {
                Console.WriteLine($"tenyears: {o.TenYearRequests:N0} requests, then reads at {o.Clients} readers");
                results.TenYears = await TenYearsPhase.RunAsync(server, o);
            }
            if (o.Phases.Contains("asof"))
            {
                Console.WriteLine($"asof: the contested lists today and as of a random instant, over a year of {o.AsOfRequests:N0} requests");
                results.AsOf = await ListReads.RunAsync(await Databases.CreateAsync(server, "reads"), o);
            }
        }
        finally
        {
            if (!args.Contains("--keep-databases")) await Databases.DropCreatedAsync();
        }

        var report = Report.Render(results);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(o.ResultsFile)!);
        await File.WriteAllTextAsync(o.ResultsFile, report);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"written to {o.ResultsFile}");
        return results.Failures.Count == 0 ? 0 : 1;
    }
}

/// <summary>Everything one run measured; a phase not run stays null.</summary>
public sealed class Results(Machine machine, BenchOptions options)
{
    public Machine Machine { get; } = machine;
    public BenchOptions Options { get; } = options;
    public LimitResult? Limit { get; set; }
    public MixedResult? Mixed { get; set; }
    public BurstResult? Burst { get; set; }
    public TenYearsResult? TenYears { get; set; }
    public IReadOnlyList<ListRead>? AsOf { get; set; }

    /// <summary>What is wrong, not merely slow: deadlines missed or doubled. Makes the run exit non-zero (CI's smoke run fails on it).</summary>
    public List<string> Failures => [.. Mixed?.Failures ?? [], .. Burst?.Failures ?? []];
}
