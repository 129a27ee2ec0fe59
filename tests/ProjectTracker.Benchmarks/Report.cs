namespace ProjectTracker.Benchmarks;

public static class Report
{
    public static string Render(Machine machine, BenchOptions o, Throughput raw, Throughput filing, Lateness lateness, IReadOnlyList<ListRead> reads)
    {
        var ratio = filing.PerSecond / raw.PerSecond;
        var readRows = string.Join("\n", reads.Select(r =>
            $"| {r.Name} | {r.Now.P(0.5):F1} / {r.Now.P(0.95):F1} ms | {r.AsOf.P(0.5):F1} / {r.AsOf.P(0.95):F1} ms |"));
        return $"""
            # Benchmark results ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)

            Machine: {machine}
            Command: `./deploy/bench.sh --seconds {o.Seconds} --clients {o.Clients} --deadlines {o.Deadlines} --requests {o.Requests} --reads {o.Reads}`

            | measure | value | target |
            |---|---|---|
            | raw Npgsql single-row insert, {o.Clients} clients | {raw.PerSecond:F0}/s (p50 {raw.P(0.5):F1} ms, p99 {raw.P(0.99):F1} ms) | baseline |
            | filing over HTTP, {o.Clients} clients | {filing.PerSecond:F0}/s | |
            | **filing ÷ raw insert** | **{ratio:P0}** | ≥ 20% |
            | filing latency p50 / p99 | {filing.P(0.5):F1} ms / {filing.P(0.99):F1} ms | |
            | escalations raised when {lateness.Deadlines:N0} deadlines fall due together | {lateness.Escalated:N0} | all |
            | escalation lateness p50 / p99 / max | {lateness.P50Ms:F0} / {lateness.P99Ms:F0} / {lateness.MaxMs:F0} ms | p99 ≤ 1,000 ms |

            Durability as in production: fsync and synchronous_commit on, deadlines as due times in
            PostgreSQL, swept by the service itself (two lanes; escalations prepared up to 1 s ahead in a
            transaction committed once they are due). Lateness runs from the due instant to the moment
            the escalations are committed, as another connection counts them. All figures come from this
            one run; the raw insert and the filing load ran in five alternating rounds ({o.Seconds} s each
            in all), so both saw the same machine.

            List reads at {o.Requests:N0} requests (a year of history, one client, {o.Reads} reads each, the
            asOf instant drawn at random in that year; target: asOf p95 ≤ 100 ms):

            | read | today p50 / p95 | asOf p50 / p95 |
            |---|---|---|
            {readRows}
            """;
    }
}
