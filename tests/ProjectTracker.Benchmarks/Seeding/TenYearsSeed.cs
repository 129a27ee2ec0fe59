using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Demo;

namespace ProjectTracker.Benchmarks.Seeding;

/// <param name="ProcessCpu">This process's CPU meanwhile (deciding, folding, serializing, sending), the rest of the machine's being PostgreSQL's and the neighbours'.</param>
public sealed record SeedOutcome(int Requests, long Events, int Refused, int AlreadyThere, TimeSpan Took, TimeSpan ProcessCpu)
{
    public double RequestsPerSecond => Requests / Took.TotalSeconds;
    public double EventsPerSecond => Events / Took.TotalSeconds;
}

/// <summary>
/// Requests <c>from</c>..<c>to - 1</c> of a zone whose <c>to</c> requests are filed evenly from
/// <paramref name="start"/> to <paramref name="end"/>, their histories decided
/// (<see cref="TenYearsHistory"/>) and written by COPY (<see cref="RequestsInBulk"/>) in batches,
/// <c>writers</c> batches side by side, each its own transaction. A request whose number is
/// already there (a run cut short) is skipped.
/// </summary>
public static class TenYearsSeed
{
    public const int Batch = 1000;

    public static async Task<SeedOutcome> RunAsync(IServiceProvider services, IReadOnlyList<DemoZone.DemoUser> users, string connectionString,
        int from, int to, DateTimeOffset start, DateTimeOffset end, DateTimeOffset today, int writers, Action<string>? log = null)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var bulk = new RequestsInBulk(store, services.GetRequiredService<ZoneCalendars>());
        var problems = await bulk.SchemaMismatchesAsync(default);
        if (problems.Count > 0)
            throw new InvalidOperationException("The bulk seeding no longer matches Marten's tables: " + string.Join("; ", problems)
                + ". Update tests/ProjectTracker.Benchmarks/Seeding/RequestsInBulk.cs.");
        var history = await TenYearsHistory.ForAsync(services, users);
        var requests = store.Options.FindOrResolveDocumentType(typeof(Requests.Request)).TableName.QualifiedName;
        var span = end - start;
        int seeded = 0, refused = 0, there = 0;
        long events = 0;
        var next = from - Batch;
        var took = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            while (Interlocked.Add(ref next, Batch) is var first && first < to)
            {
                var batch = Enumerable.Range(first, Math.Min(Batch, to - first))
                    .Select(i => history.Request(i, start + span * (i / (double)to), today)).ToList();
                var existing = new HashSet<string>();
                await using (var look = new NpgsqlCommand($"select data ->> 'Number' from {requests} where data ->> 'Number' = any($1)", conn))
                {
                    look.Parameters.Add(new NpgsqlParameter { Value = batch.Select(Number).ToArray() });
                    await using var reader = await look.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) existing.Add(reader.GetString(0));
                }
                batch = [.. batch.Where(r => !existing.Contains(Number(r)))];
                await bulk.WriteAsync(conn, batch, default);
                Interlocked.Add(ref seeded, batch.Count);
                Interlocked.Add(ref refused, batch.Count(r => r.Refused));
                Interlocked.Add(ref there, existing.Count);
                Interlocked.Add(ref events, batch.Sum(r => (long)r.EventCount));
                if (first / Batch % 50 == 49) log?.Invoke($"  {first + Batch:N0} seeded ({seeded / took.Elapsed.TotalSeconds:N0} requests/s)");
            }
        }));
        return new SeedOutcome(seeded, events, refused, there, took.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static string Number(SeededRequest r) => ((Requests.RequestFiled)r.Commands[0].Events[0]).Number;
}
