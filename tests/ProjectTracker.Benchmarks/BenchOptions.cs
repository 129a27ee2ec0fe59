namespace ProjectTracker.Benchmarks;

public sealed record BenchOptions(int Seconds, int Clients, int Deadlines, int Requests, int Reads, string ResultsDirectory)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var here = AppContext.BaseDirectory;
        var repo = here[..here.IndexOf("/tests/", StringComparison.Ordinal)];
        return new BenchOptions(
            int.Parse(Arg("--seconds") ?? "10"),
            int.Parse(Arg("--clients") ?? "8"),
            int.Parse(Arg("--deadlines") ?? "10000"),
            int.Parse(Arg("--requests") ?? "100000"),
            int.Parse(Arg("--reads") ?? "100"),
            Arg("--results") ?? Path.Combine(repo, "tests", "ProjectTracker.Benchmarks", "results"));
    }
}

/// <summary>Latencies in milliseconds, and how many operations completed in how long.</summary>
public sealed record Throughput(long Count, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
    public double P(double q) => Percentile(LatenciesMs, q);
    public override string ToString() => $"{PerSecond:F0}/s over {Elapsed.TotalSeconds:F1}s, p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms";

    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
