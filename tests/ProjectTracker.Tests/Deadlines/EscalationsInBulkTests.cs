using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Escalations;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Deadlines;

/// <summary>
/// The bulk path writes Marten's tables itself; Marten must read back exactly what
/// its own StartStream would have written, and carry on appending from there.
/// </summary>
public class EscalationsInBulkTests : IAsyncLifetime
{
    private readonly Zone _zone = new();
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private IDocumentStore Store => _zone.Host.Services.GetRequiredService<IDocumentStore>();

    private static EscalationRaised Raised(string number) => new(Guid.NewGuid(), EscalationKind.ResolutionOverdue, EscalationLevel.Accountability,
        [new Responsible(ResponsibleKind.Department, Guid.NewGuid()), new Responsible(ResponsibleKind.DispatchDesk, null)],
        Guid.NewGuid(), number, Guid.NewGuid(), null, null, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow, $"Request {number} was late.");

    [Fact]
    public async Task the_start_up_check_finds_marten_tables_as_the_bulk_raise_writes_them_and_names_a_difference()
    {
        Assert.Empty(await EscalationsInBulk.SchemaMismatchesAsync(Store, default));   // the host started: the check passed

        await using (var conn = new Npgsql.NpgsqlConnection(_zone.ConnectionString))
        {
            await conn.OpenAsync();
            await using var change = new Npgsql.NpgsqlCommand(
                "alter table projecttracker.mt_events rename column is_archived to archived; " +
                "alter table projecttracker.mt_streams add column owner text not null default 'x'; alter table projecttracker.mt_streams alter column owner drop default", conn);
            await change.ExecuteNonQueryAsync();
        }
        var problems = await EscalationsInBulk.SchemaMismatchesAsync(Store, default);
        Assert.Contains(problems, p => p.Contains("mt_events has no column is_archived"));
        Assert.Contains(problems, p => p.Contains("mt_streams.owner is required"));
    }

    [Fact]
    public async Task streams_and_snapshots_read_back_through_marten_and_take_further_events()
    {
        var raised = new[] { Raised("R-2026-000001"), Raised("R-2026-000002") };
        Assert.Equal(raised, await RaiseAndCommitAsync(raised));

        await using (var session = Store.LightweightSession())
        {
            foreach (var r in raised)
            {
                var events = await session.Events.FetchStreamAsync(r.EscalationId);
                Assert.Equivalent(r, Assert.Single(events).Data, strict: true);
                Assert.Equal(1, events[0].Version);
                var expected = Escalation.Create(r);
                expected.Version = 1;
                Assert.Equivalent(expected, await session.LoadAsync<Escalation>(r.EscalationId), strict: true);
                Assert.Equivalent(expected, await session.Events.AggregateStreamAsync<Escalation>(r.EscalationId), strict: true);
            }
            Assert.Equal(2, await session.Query<Escalation>().CountAsync(e => e.RequestNumber!.StartsWith("R-2026-00000")));

            var stream = await session.Events.FetchForWriting<Escalation>(raised[0].EscalationId);
            stream.AppendOne(new EscalationAcknowledged(raised[0].EscalationId, Guid.NewGuid(), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await using (var session = Store.QuerySession())
        {
            var acknowledged = await session.LoadAsync<Escalation>(raised[0].EscalationId);
            Assert.Equal((EscalationStatus.Acknowledged, 2), (acknowledged!.Status, acknowledged.Version));
        }
    }

    [Fact]
    public async Task an_escalation_raised_before_is_skipped_and_the_others_are_raised()
    {
        var first = Raised("R-2026-000003");
        await RaiseAndCommitAsync(first);

        var other = Raised("R-2026-000004");
        var again = first with { RaisedAt = first.RaisedAt.AddHours(1), Summary = "Swept again." };
        Assert.Equal([other], await RaiseAndCommitAsync(other, again));

        await using var check = Store.QuerySession();
        Assert.Single(await check.Events.FetchStreamAsync(other.EscalationId));
        Assert.Equivalent(first, Assert.Single(await check.Events.FetchStreamAsync(first.EscalationId)).Data, strict: true);
        Assert.Equal(first.Summary, (await check.LoadAsync<Escalation>(first.EscalationId))!.Summary);
    }

    [Fact]
    public async Task the_same_escalation_raised_by_a_concurrent_transaction_fails_the_later_one_whole()
    {
        var contested = Raised("R-2026-000005");
        var other = Raised("R-2026-000006");
        await using var first = Store.LightweightSession();
        await first.BeginTransactionAsync(CancellationToken.None);
        await EscalationsInBulk.RaiseAsync(first, [contested], CancellationToken.None);

        var second = Task.Run(() => RaiseAndCommitAsync(other, contested));
        await _zone.WaitUntilABackendWaitsForALockAsync();   // the second one's copy waits for the first's row
        await first.SaveChangesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => second);
        await using var check = Store.QuerySession();
        Assert.Null(await check.LoadAsync<Escalation>(other.EscalationId));
        Assert.Empty(await check.Events.FetchStreamAsync(other.EscalationId));
        Assert.Single(await check.Events.FetchStreamAsync(contested.EscalationId));
    }

    private async Task<IReadOnlyList<EscalationRaised>> RaiseAndCommitAsync(params EscalationRaised[] raised)
    {
        await using var session = Store.LightweightSession();
        await session.BeginTransactionAsync(CancellationToken.None);
        var fresh = await EscalationsInBulk.RaiseAsync(session, raised, CancellationToken.None);
        await session.SaveChangesAsync();
        return fresh;
    }
}
