namespace ProjectTracker.Benchmarks;

/// <param name="Seconds">Measured time per workload in the limit phase, split over <paramref name="Rounds"/> alternating rounds.</param>
/// <param name="Deadlines">Deadlines falling due at one instant in the burst phase.</param>
/// <param name="MixedSeconds">How long filing, falling due and reading run together in the mixed phase.</param>
/// <param name="Phases">limit, mixed, burst, tenyears, asof (all by default).</param>
/// <param name="AsOfRequests">Requests (a year of history) behind the asof phase's list reads.</param>
/// <param name="Reads">Reads of each list, today and as of a random instant, in the asof phase.</param>
/// <param name="TenYearRequests">Requests in the kept ten-year database (tenyears phase).</param>
/// <param name="Rebuild">Times `rebuild-scorecards` over the whole ten-year zone (--no-rebuild skips it).</param>
/// <param name="Smoke">Small sizes, seconds each: CI runs it so the program cannot rot; its figures mean nothing.</param>
/// <param name="Experiments">Extra workloads that measure a candidate change without making it: auto-prepare (on in a full run; "none" for none).</param>
public sealed record BenchOptions(int Seconds, int Rounds, int Clients, int Deadlines, int MixedSeconds, string[] Phases, bool Smoke,
    string ResultsFile, string CommandLine, string[] Experiments, int TenYearRequests, int AsOfRequests, int Reads, bool Rebuild)
{
    public static readonly string[] AllPhases = ["limit", "mixed", "burst", "tenyears", "asof"];

    public static BenchOptions Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var smoke = args.Contains("--smoke");
        var here = AppContext.BaseDirectory;
        var repo = here[..here.IndexOf("/tests/", StringComparison.Ordinal)];
        var phases = Arg("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? AllPhases;
        if (phases.Except(AllPhases).FirstOrDefault() is { } unknown)
            throw new ArgumentException($"Unknown phase {unknown}; phases: {string.Join(", ", AllPhases)}.");
        return new BenchOptions(
            int.Parse(Arg("--seconds") ?? (smoke ? "2" : "20")),
            int.Parse(Arg("--rounds") ?? (smoke ? "2" : "5")),
            int.Parse(Arg("--clients") ?? "8"),
            int.Parse(Arg("--deadlines") ?? (smoke ? "300" : "100000")),
            int.Parse(Arg("--mixed-seconds") ?? (smoke ? "6" : "40")),
            phases, smoke,
            Arg("--results") ?? (smoke
                ? Path.Combine(repo, ".data", "bench", "smoke.md")
                : Path.Combine(repo, "tests", "ProjectTracker.Benchmarks", "results", "latest.md")),
            "./deploy/bench.sh" + (args.Length > 0 ? " " + string.Join(' ', args) : ""),
            (Arg("--experiment") ?? (smoke ? "none" : "auto-prepare")).Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(Arg("--requests") ?? (smoke ? "1000" : "1000000")),
            int.Parse(Arg("--asof-requests") ?? (smoke ? "1000" : "100000")),
            int.Parse(Arg("--reads") ?? (smoke ? "5" : "100")),
            !args.Contains("--no-rebuild"));
    }

    public TimeSpan WarmUp => TimeSpan.FromSeconds(Smoke ? 1 : 3);
}

/// <summary>Latencies in milliseconds, and how many operations completed in how long; this process's CPU and allocations per operation.</summary>
public sealed record Throughput(long Count, TimeSpan Elapsed, double[] LatenciesMs, double CpuMsPerOp = double.NaN, double KbPerOp = double.NaN, double MachineCpuMsPerOp = double.NaN)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
    public double P(double q) => Percentile(LatenciesMs, q);
    public override string ToString() => $"{PerSecond:F0}/s over {Elapsed.TotalSeconds:F1}s, p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms";

    public static Throughput Of(IReadOnlyList<Round> rounds)
    {
        var count = rounds.Sum(r => r.Count);
        var cpu = rounds.Sum(r => r.ProcessCpu.TotalMilliseconds);
        return new Throughput(count, TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), [.. rounds.SelectMany(r => r.LatenciesMs)],
            cpu > 0 ? cpu / count : double.NaN, cpu > 0 ? rounds.Sum(r => r.Allocated) / 1024.0 / count : double.NaN,
            rounds.Sum(r => r.MachineCpu.TotalMilliseconds) / count);
    }

    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
