using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Supervision.Scorecards;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

/// <summary>
/// A period's figures are kept between reads (ScorecardCache); each test reads a card, changes what
/// it counts in one of the ways the cache must notice, and reads it again. Each counts on reading
/// the same card twice: the first read keeps it.
/// </summary>
public class ScorecardCacheTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    private async Task<Scorecard> ZoneCardAsync() =>
        (await zone.GetAsync<ScorecardList>("/api/scorecards?unit=zone&period=2030-03", zone.SupervisorToken)).Scorecards.Single();

    private async Task<string> RatingsAsync() => string.Join(" ", (await ZoneCardAsync()).Satisfaction.Distribution);

    [Fact]
    public async Task a_write_in_flight_when_the_card_was_read_is_counted_once_it_commits()
    {
        var outcomes = zone.Host.Services.GetRequiredService<IDocumentStore>().Options
            .FindOrResolveDocumentType(typeof(RequestOutcome)).TableName.QualifiedName;
        Assert.Equal("0 1 0 1 1", await RatingsAsync());   // R2 2, R5 4, R1 5

        // R1's rating rewritten as 1 in a transaction left open; meanwhile R5's rewritten as 3 and committed,
        // so the next read computes the card again, with R1's write in flight: its snapshot cannot see it.
        await using var conn = new NpgsqlConnection(zone.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        Assert.Equal(1, await RateAsync(conn, tx, outcomes, zone.R1.Id, 1));
        await using (var other = new NpgsqlConnection(zone.ConnectionString))
        {
            await other.OpenAsync();
            Assert.Equal(1, await RateAsync(other, null, outcomes, zone.R5.Id, 3));
        }
        Assert.Equal("0 1 1 0 1", await RatingsAsync());
        await tx.CommitAsync();

        Assert.Equal("1 1 1 0 0", await RatingsAsync());
    }

    private static async Task<int> RateAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string outcomes, Guid request, int rating)
    {
        await using var rate = new NpgsqlCommand(
            $"update {outcomes} set data = jsonb_set(data, '{{Credits}}', (select jsonb_agg(jsonb_set(c, '{{Satisfaction}}', @rating::text::jsonb)) " +
            "from jsonb_array_elements(data -> 'Credits') c)) where id = @id", conn, tx);
        rate.Parameters.AddWithValue("id", request);
        rate.Parameters.AddWithValue("rating", rating);
        return await rate.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task a_decision_on_an_escalation_of_the_period_is_counted()
    {
        var before = (await ZoneCardAsync()).Escalations;
        await zone.Post($"/api/escalations/{zone.R2AnswerEscalation}/decision", new { decision = "NoFault", note = "Answered in the end." },
            zone.SupervisorToken, 200);

        var after = (await ZoneCardAsync()).Escalations;
        Assert.Equal((before.NoFault + 1, before.Undecided - 1), (after.NoFault, after.Undecided));
    }

    [Fact]
    public async Task a_clock_that_runs_out_turns_the_card_with_no_event_written()
    {
        // R9's dispatch clock runs (due Monday 03:00, t162); the readers' now is t110.
        var before = await ZoneCardAsync();
        Assert.Equal((1L, 1L), (before.Dispatch.Late, before.Dispatch.Pending));

        zone.Clock.Advance(TimeSpan.FromHours(53));   // t163, no sweep run: nothing is written
        var after = await ZoneCardAsync();
        Assert.Equal((2L, 0L), (after.Dispatch.Late, after.Dispatch.Pending));
        Assert.Equal(before.Escalations.Raised, after.Escalations.Raised);
    }
}
