using System.Diagnostics;

namespace ProjectTracker.Benchmarks;

/// <summary>A workload that N concurrent clients repeat; each call is one timed operation.</summary>
public interface IWorkload : IAsyncDisposable
{
    Task PrepareAsync(int clients);
    Task OnceAsync(int client);
}

public static class Load
{
    /// <summary>
    /// Runs the workloads in alternating rounds, so both see the same machine (and the same
    /// noise from its neighbours) and the ratio between them is fair.
    /// </summary>
    public static async Task<Throughput[]> InterleavedAsync(IWorkload[] workloads, int clients, TimeSpan total, int rounds)
    {
        foreach (var w in workloads) await w.PrepareAsync(clients);
        foreach (var w in workloads) await RoundAsync(w, clients, TimeSpan.FromSeconds(2));   // warm-up: JIT, codegen, pools
        var results = workloads.Select(_ => (Elapsed: TimeSpan.Zero, Latencies: new List<double>())).ToArray();
        for (var r = 0; r < rounds; r++)
            for (var i = 0; i < workloads.Length; i++)
            {
                var clock = Stopwatch.StartNew();
                var latencies = await RoundAsync(workloads[i], clients, total / rounds);
                results[i].Elapsed += clock.Elapsed;
                results[i].Latencies.AddRange(latencies);
            }
        return results.Select(x => new Throughput(x.Latencies.Count, x.Elapsed, [.. x.Latencies])).ToArray();
    }

    private static async Task<double[]> RoundAsync(IWorkload workload, int clients, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var all = await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var latencies = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await workload.OnceAsync(client);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return latencies;
        }));
        return all.SelectMany(l => l).ToArray();
    }
}
