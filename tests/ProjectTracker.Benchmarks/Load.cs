using System.Diagnostics;

namespace ProjectTracker.Benchmarks;

/// <summary>A workload that N concurrent clients repeat; each call is one timed operation.</summary>
public interface IWorkload : IAsyncDisposable
{
    string Name { get; }
    Task PrepareAsync(int clients);
    Task OnceAsync(int client);
}

/// <summary>A workload that runs a whole round itself (pgbench: another process) and times its own operations.</summary>
public interface ISelfTimedWorkload : IWorkload
{
    Task<Round> RoundAsync(int clients, TimeSpan duration);
}

/// <summary>One round's operations: how many, in how long, each one's latency (ms); CPU and allocation of this process meanwhile.</summary>
public sealed record Round(long Count, TimeSpan Elapsed, double[] LatenciesMs, TimeSpan ProcessCpu = default, long Allocated = 0, TimeSpan MachineCpu = default);

public static class Load
{
    /// <summary>
    /// Runs the workloads in alternating rounds, so all see the same machine (and the same
    /// noise from its neighbours) and the ratios between them are fair.
    /// </summary>
    public static async Task<Dictionary<string, Throughput>> InterleavedAsync(IWorkload[] workloads, int clients, TimeSpan total, int rounds,
        TimeSpan warmUp)
    {
        foreach (var w in workloads) await w.PrepareAsync(clients);
        foreach (var w in workloads) await RoundAsync(w, clients, warmUp);   // JIT, codegen, pools, prepared statements
        var results = workloads.ToDictionary(w => w.Name, _ => new List<Round>());
        for (var r = 0; r < rounds; r++)
            foreach (var w in workloads)
            {
                var round = await RoundAsync(w, clients, total / rounds);
                results[w.Name].Add(round);
                Console.WriteLine($"  round {r + 1}/{rounds} {w.Name,-22} {round.Count / round.Elapsed.TotalSeconds,7:F0}/s");
            }
        return results.ToDictionary(x => x.Key, x => Throughput.Of(x.Value));
    }

    public static async Task<Round> RoundAsync(IWorkload workload, int clients, TimeSpan duration)
    {
        var machine = MachineCpu.Busy();
        if (workload is ISelfTimedWorkload self) return await self.RoundAsync(clients, duration) with { MachineCpu = MachineCpu.Busy() - machine };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
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
        var elapsed = clock.Elapsed;
        var latenciesMs = all.SelectMany(l => l).ToArray();
        return new Round(latenciesMs.Length, elapsed, latenciesMs,
            Process.GetCurrentProcess().TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated, MachineCpu.Busy() - machine);
    }
}
