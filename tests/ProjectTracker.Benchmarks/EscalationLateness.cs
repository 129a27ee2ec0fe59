using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Requests.Filing;
using Wolverine;

namespace ProjectTracker.Benchmarks;

public sealed record Lateness(int Deadlines, int Escalated, TimeSpan FilingTook, double P50Ms, double P99Ms, double MaxMs)
{
    public override string ToString() =>
        $"{Escalated}/{Deadlines} escalated; lateness p50 {P50Ms:F0} ms, p99 {P99Ms:F0} ms, max {MaxMs:F0} ms (filing took {FilingTook.TotalSeconds:F0}s)";
}

/// <summary>
/// N requests filed through the real handler under a clock frozen at one instant, so every
/// dispatch deadline falls due at the same real moment T0; then the clock runs on real time and
/// the host's own sweeper finds them. We watch the escalations commit: the k-th one's lateness is
/// when the committed count first reached k, minus T0.
/// </summary>
public static class EscalationLateness
{
    private sealed class FrozenThenRealClock(DateTimeOffset frozenAt) : TimeProvider
    {
        public DateTimeOffset FrozenAt { get; set; } = frozenAt;
        public bool Frozen { get; set; } = true;
        public override DateTimeOffset GetUtcNow() => Frozen ? FrozenAt : DateTimeOffset.UtcNow;
    }

    public static async Task<Lateness> RunAsync(string connectionString, BenchOptions options)
    {
        var margin = TimeSpan.FromSeconds(Math.Max(30, options.Deadlines / 200.0));  // time to file them all before T0
        var dueAt = DateTimeOffset.UtcNow + margin;
        var clock = new FrozenThenRealClock(dueAt - TimeSpan.FromDays(1));
        await using var host = new BenchHost(connectionString, clock);
        var contacts = await host.SeedContactsAsync(options.Clients);
        // Clocks count working days on the zone's calendar: file on the working day before, at the
        // instant whose dispatch deadline (1 working day) is T0.
        clock.FrozenAt = FiledFor(host.Services.GetRequiredService<DeadlinePolicy>(), dueAt);

        var filing = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(contacts.Select(async contact =>
        {
            using var scope = host.Services.CreateScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            while (Interlocked.Increment(ref next) < options.Deadlines)
                await bus.InvokeAsync<ProjectTracker.Requests.Request>(new FileRequest(Guid.CreateVersion7(), contact,
                    new FileRequestInput(Category.Funding, "Deadline benchmark", "Filed to fall due with all the others.", null, null)));
        }));
        filing.Stop();
        clock.Frozen = false;
        if (DateTimeOffset.UtcNow > dueAt) throw new InvalidOperationException("Filing overran T0; raise the margin.");

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from projecttracker.mt_doc_escalation", conn);
        var seen = new List<(double AtMs, long Count)>();
        await Task.Delay(dueAt - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(200));
        var giveUp = dueAt + TimeSpan.FromMinutes(3);
        while (true)
        {
            var n = (long)(await count.ExecuteScalarAsync())!;
            seen.Add(((DateTimeOffset.UtcNow - dueAt).TotalMilliseconds, n));
            if (n >= options.Deadlines || DateTimeOffset.UtcNow > giveUp) break;
            await Task.Delay(20);
        }

        double When(double q)
        {
            var k = (long)Math.Ceiling(q * options.Deadlines);
            return seen.FirstOrDefault(s => s.Count >= k) is { AtMs: var at, Count: > 0 } ? Math.Max(0, at) : double.PositiveInfinity;
        }
        return new Lateness(options.Deadlines, (int)seen[^1].Count, filing.Elapsed, When(0.5), When(0.99), When(1.0));
    }

    private static DateTimeOffset FiledFor(DeadlinePolicy policy, DateTimeOffset dueAt) =>
        Enumerable.Range(1, 15).Select(k => dueAt - TimeSpan.FromDays(k)).Where(f => policy.DispatchDue(f) == dueAt)
            .Select(f => (DateTimeOffset?)f).FirstOrDefault()
        ?? throw new InvalidOperationException($"{dueAt:O} is not working time on the zone's calendar (a weekend or holiday): no filing falls due then. Run on a working day.");
}
