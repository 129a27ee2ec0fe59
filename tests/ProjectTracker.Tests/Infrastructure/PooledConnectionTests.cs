using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Infrastructure;

/// <summary>
/// A statement that fails on the server must not leave its pooled connection out of step for the
/// next caller. With Npgsql's auto-preparation on (Max Auto Prepare), a statement refused while
/// being prepared left Npgsql believing it had no result set: the next valid run of that statement
/// on that connection failed with "Received unexpected backend message DataRow" (the pattern of
/// npgsql/npgsql#6391), answered as a 500.
/// </summary>
public class PooledConnectionTests(Zone zone) : IClassFixture<Zone>
{
    // One statement, valid or refused by PostgreSQL while binding its parameter (a NUL is not
    // valid UTF-8 text for the server: 22021). It goes through the service's own store and pool,
    // past the HTTP edge that would refuse such text.
    private const string LookUp = "select count(*)::int from projecttracker.mt_doc_request where data ->> 'Title' = ?";

    [Fact]
    public async Task valid_calls_succeed_beside_statements_that_fail_on_the_server()
    {
        var store = zone.Host.Services.GetRequiredService<IDocumentStore>();
        var failures = new ConcurrentQueue<string>();
        var valid = 0;

        // Eight workers, 480 calls: mostly the statement that is valid or refused, beside filings and searches.
        async Task Worker(int w)
        {
            for (var i = w; i < w + 60; i++)
            {
                switch (i % 16)
                {
                    case 0: await Valid(() => zone.FileAsync()); break;
                    case 1: await Valid(() => zone.GetAsync<Paged<RequestView>>("/api/requests?q=loan", zone.KeyContactToken)); break;
                    case var even when even % 2 == 0: await Valid(() => Count(store, "Need a working-capital loan")); break;
                    default: await Refused(() => Count(store, "Need a working\0capital loan")); break;
                }
            }
        }
        async Task Valid(Func<Task> call)
        {
            Interlocked.Increment(ref valid);
            try { await call(); }
            catch (Exception e) { failures.Enqueue(e.Message.Split('\n')[0]); }
        }
        static async Task Refused(Func<Task> call)
        {
            try { await call(); }
            catch (Exception) { /* expected: PostgreSQL refused it */ }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() => Worker(w))));

        Assert.True(failures.IsEmpty, $"{failures.Count} of {valid} valid calls failed, e.g.: {failures.FirstOrDefault()}");
    }

    private static async Task Count(IDocumentStore store, string title)
    {
        await using var session = store.QuerySession();
        await session.QueryAsync<int>(LookUp, title);
    }
}
