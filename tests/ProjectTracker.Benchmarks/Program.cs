namespace ProjectTracker.Benchmarks;

// One run measures everything, so the figures are ratios on the same machine at the same time.
// Usage: deploy/bench.sh [--seconds 10] [--clients 8] [--deadlines 10000] [--requests 100000] [--reads 100]
//                        [--filing-only | --lateness-only | --reads-only]
// A smoke run of the list reads (seconds, not the benchmark's size): --reads-only --requests 2000 --reads 5
public static class Bench
{
    public static async Task Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var server = Environment.GetEnvironmentVariable("PT_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set PT_BENCH_POSTGRES (deploy/bench.sh does) to a PostgreSQL server connection string.");

        var machine = await Machine.DescribeAsync(server);
        Console.WriteLine(machine);

        if (args.Contains("--lateness-only")) { Console.WriteLine(await EscalationLateness.RunAsync(await Databases.CreateAsync(server, "deadlines"), options)); return; }
        if (args.Contains("--reads-only")) { await ListReads.RunAsync(await Databases.CreateAsync(server, "reads"), options); return; }
        Throughput raw, filing;
        await using (var rawLoad = new RawInsertBaseline(await Databases.CreateAsync(server, "raw")))
        await using (var filingLoad = new HttpFiling(await Databases.CreateAsync(server, "filing")))
            (raw, filing) = await Load.InterleavedAsync([rawLoad, filingLoad], options.Clients, TimeSpan.FromSeconds(options.Seconds), rounds: 5) switch
            {
                var r => (r[0], r[1]),
            };
        Console.WriteLine($"raw insert:   {raw}");
        Console.WriteLine($"http filing:  {filing}");
        if (args.Contains("--filing-only")) return;
        var lateness = await EscalationLateness.RunAsync(await Databases.CreateAsync(server, "deadlines"), options);
        Console.WriteLine($"escalations:  {lateness}");
        var reads = await ListReads.RunAsync(await Databases.CreateAsync(server, "reads"), options);

        var report = Report.Render(machine, options, raw, filing, lateness, reads);
        var path = Path.Combine(options.ResultsDirectory, "latest.md");
        System.IO.Directory.CreateDirectory(options.ResultsDirectory);
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
    }
}
