using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Requests.Filing;
using Wolverine;

namespace ProjectTracker.Benchmarks;

public sealed record BurstResult(int Deadlines, int Escalated, int Doubled, TimeSpan FilingTook, TimeSpan MarkingTook,
    double P50Ms, double P99Ms, double MaxMs, long RssBeforeMb, long RssPeakMb, long HeapBeforeMb, long HeapPeakMb, List<string> Failures);

/// <summary>
/// N requests filed through the real handler under a clock stopped at one instant, so every
/// dispatch deadline has the same due D. Then the clock runs again, set forward: first past the
/// at-risk instants (the warnings a real day would have given hours before; waited out so they
/// do not share the burst), and stopped there however long that takes; then to D minus a few seconds, after which it runs at real speed and
/// the host's own sweeper finds the deadlines. Another connection counts the escalations
/// committed: the k-th one's lateness is when the count first reached k, minus D. Meanwhile
/// the process's memory is sampled (RSS, and the managed heap) for what the sweep holds.
/// </summary>
public static class BurstPhase
{
    /// <summary>Stopped, or real time moved by an offset.</summary>
    private sealed class SettableClock(DateTimeOffset stoppedAt) : TimeProvider
    {
        private volatile Tuple<DateTimeOffset?, TimeSpan> _state = Tuple.Create<DateTimeOffset?, TimeSpan>(stoppedAt, TimeSpan.Zero);
        public void RunFrom(DateTimeOffset now) => _state = Tuple.Create<DateTimeOffset?, TimeSpan>(null, now - DateTimeOffset.UtcNow);
        public void StopAt(DateTimeOffset now) => _state = Tuple.Create<DateTimeOffset?, TimeSpan>(now, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _state.Item1 ?? DateTimeOffset.UtcNow + _state.Item2;
    }

    public static async Task<BurstResult> RunAsync(string server, BenchOptions o)
    {
        var cs = await Databases.CreateAsync(server, "burst");
        var filedAt = DateTimeOffset.UtcNow;
        var clock = new SettableClock(filedAt);
        await using var host = new BenchHost(cs, clock);
        var contacts = await host.SeedContactsAsync(o.Clients);
        var due = host.Services.GetRequiredService<DeadlinePolicy>().DispatchDue(filedAt);

        var filing = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(contacts.Select(async contact =>
        {
            while (Interlocked.Increment(ref next) < o.Deadlines)
            {
                await using var scope = host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<ProjectTracker.Requests.Request>(new FileRequest(
                    Guid.CreateVersion7(), contact, new FileRequestInput(Category.Funding, "Deadline benchmark", "Filed to fall due with all the others.", null, null)));
            }
        }));
        filing.Stop();
        Console.WriteLine($"  filed {o.Deadlines:N0} in {filing.Elapsed.TotalSeconds:F0} s");

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        async Task<long> Count(string sql, params object[] values)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            foreach (var v in values) cmd.Parameters.AddWithValue(v);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }

        // The at-risk marks (75 % of the way to D) first, as a real day would have made them long before.
        var marking = Stopwatch.StartNew();
        // Stopped between the at-risk instants and D, however long marking takes (a running clock passed D once).
        clock.StopAt(due - TimeSpan.FromSeconds(30));
        while (await Count("select count(*) from projecttracker.mt_doc_request where pending_risk < $1", due) > 0) await Task.Delay(500);
        marking.Stop();
        if (await Count("select count(*) from projecttracker.mt_doc_escalation") > 0)
            throw new InvalidOperationException("Escalations were raised before the burst's instant: the benchmark's clock is wrong.");
        Console.WriteLine($"  at-risk marks made in {marking.Elapsed.TotalSeconds:F0} s");

        var lead = TimeSpan.FromSeconds(3);
        var t0 = DateTimeOffset.UtcNow + lead;   // D in real time
        clock.RunFrom(due - lead);
        GC.Collect();
        var rssBefore = MixedPhase.Rss();
        var heapBefore = GC.GetTotalMemory(false) / 1024 / 1024;
        var (rssPeak, heapPeak) = (rssBefore, heapBefore);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rssPeak = Math.Max(rssPeak, MixedPhase.Rss());
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false) / 1024 / 1024);
                await Task.Delay(50);
            }
        });

        var seen = new List<(double AtMs, long Count)>();
        await Task.Delay(t0 - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(200));
        var giveUp = t0 + TimeSpan.FromMinutes(5);
        while (true)
        {
            var n = await Count("select count(*) from projecttracker.mt_doc_escalation");
            seen.Add(((DateTimeOffset.UtcNow - t0).TotalMilliseconds, n));
            if (n >= o.Deadlines || DateTimeOffset.UtcNow > giveUp) break;
            await Task.Delay(50);
        }
        await Task.Delay(TimeSpan.FromSeconds(o.Smoke ? 1 : 3));   // anything raised twice would show by now
        sampling.Cancel();
        await sampler;
        var escalated = await Count("select count(*) from projecttracker.mt_doc_escalation");
        var doubled = await Count("select count(*) from (select 1 from projecttracker.mt_doc_escalation group by data->>'RequestId' having count(*) > 1) d");

        double When(double q)
        {
            var k = (long)Math.Ceiling(q * o.Deadlines);
            return seen.FirstOrDefault(s => s.Count >= k) is { AtMs: var at, Count: > 0 } ? Math.Max(0, at) : double.PositiveInfinity;
        }
        var failures = new List<string>();
        if (escalated != o.Deadlines) failures.Add($"burst: {o.Deadlines:N0} deadlines, {escalated:N0} escalations");
        if (doubled > 0) failures.Add($"burst: {doubled} requests escalated more than once");
        return new BurstResult(o.Deadlines, (int)escalated, (int)doubled, filing.Elapsed, marking.Elapsed, When(0.5), When(0.99), When(1.0),
            rssBefore, rssPeak, heapBefore, heapPeak, failures);
    }
}
