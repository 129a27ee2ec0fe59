using System.Diagnostics;
using Npgsql;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// The floor under everything: one durable single-row insert of a request-sized JSON document
/// per round trip, from the same number of concurrent clients, through Npgsql.
/// </summary>
public static class RawInsertBaseline
{
    public static async Task<Throughput> RunAsync(string connectionString, BenchOptions options)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var create = source.CreateCommand("create table filings (id uuid primary key, filed_at timestamptz not null, body jsonb not null)"))
            await create.ExecuteNonQueryAsync();
        var body = """{"category":"Funding","title":"Need a working-capital loan","description":"Our enterprise needs a bridging loan of 5 million yuan for raw materials before the spring orders ship."}""";

        async Task<List<double>> Client(TimeSpan duration)
        {
            var latencies = new List<double>();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await using var cmd = source.CreateCommand("insert into filings (id, filed_at, body) values ($1, now(), $2::jsonb)");
                cmd.Parameters.AddWithValue(Guid.CreateVersion7());
                cmd.Parameters.AddWithValue(body);
                await cmd.ExecuteNonQueryAsync();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return latencies;
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Client(TimeSpan.FromSeconds(2)))); // warm-up
        var clock = Stopwatch.StartNew();
        var all = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Client(TimeSpan.FromSeconds(options.Seconds))));
        clock.Stop();
        var latencies = all.SelectMany(l => l).ToArray();
        return new Throughput(latencies.Length, clock.Elapsed, latencies);
    }
}
