using System.Collections.Concurrent;
using System.Diagnostics;

namespace ProjectTracker.Benchmarks;

/// <summary>One kind of traced operation per filing: how many, and its mean duration (ms).</summary>
public sealed record Traced(string What, double PerOperation, double MeanMs);

/// <summary>
/// A round run with every ActivitySource of the stack listened to (ASP.NET Core, Wolverine,
/// Marten, Npgsql): what each filing does, how many round trips, how long each kind took. A
/// separate, untimed round: listening costs time, so the throughput rounds run without it.
/// </summary>
public static class Tracing
{
    private static readonly string[] Sources = ["Microsoft.AspNetCore", "Wolverine", "Marten", "Npgsql"];

    public static async Task<(long Operations, Traced[] Traced)> RoundAsync(IWorkload workload, int clients, TimeSpan duration)
    {
        var seen = new ConcurrentDictionary<string, (long Count, double TotalMs)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => Sources.Any(p => s.Name.StartsWith(p, StringComparison.Ordinal)),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => seen.AddOrUpdate(Key(a), (1, a.Duration.TotalMilliseconds),
                (_, v) => (v.Count + 1, v.TotalMs + a.Duration.TotalMilliseconds)),
        };
        ActivitySource.AddActivityListener(listener);
        var round = await Load.RoundAsync(workload, clients, duration);
        listener.Dispose();
        return (round.Count, seen.Select(x => new Traced(x.Key, x.Value.Count / (double)round.Count, x.Value.TotalMs / x.Value.Count))
            .Where(t => t.PerOperation >= 0.01).OrderBy(t => t.What).ToArray());
    }

    private static readonly ConcurrentDictionary<string, bool> Dumped = new();

    private static string Key(Activity a)
    {
        var sql = a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement");
        // PT_BENCH_DUMP_SQL=1: each distinct statement once, whole, on the console (to read what a filing sends).
        if (sql is string full && Environment.GetEnvironmentVariable("PT_BENCH_DUMP_SQL") == "1" && Dumped.TryAdd(full, true))
            Console.WriteLine($"-- SQL ({a.Source.Name}):\n{full}\n");
        var what = sql is string s ? Summary(s) : a.DisplayName;
        return $"{a.Source.Name}: {what}";
    }

    /// <summary>A statement's first words and the tables it names, enough to tell the kinds apart.</summary>
    private static string Summary(string sql)
    {
        var oneLine = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length > 90 ? oneLine[..90] + "…" : oneLine;
    }
}
