using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Access;
using ProjectTracker.Benchmarks.Seeding;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Demo;
using ProjectTracker.Requests;
using ProjectTracker.Supervision.Scorecards;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Benchmarks;

/// <summary>
/// The demo zone with a year of requests (filed evenly up to a day before the fake clock's now)
/// written by the benchmark's bulk path: histories from the service's decisions, rows by COPY.
/// </summary>
public sealed class BulkSeededZone : Api
{
    public const int Count = 300;
    public List<SeededRequest> Requests { get; } = [];
    public IReadOnlyList<DemoZone.DemoUser> Users { get; private set; } = [];
    public string SupervisorToken => TokenFor(Users.First(u => u.Role == Roles.Supervisor).Id, Roles.Supervisor);

    protected override async Task SeedAsync()
    {
        Users = await DemoZone.SeedAsync(Host.Services);
        var history = await TenYearsHistory.ForAsync(Host.Services, Users);
        var today = Clock.GetUtcNow();
        var (start, span) = (today.AddYears(-1), TimeSpan.FromDays(364));
        Requests.AddRange(Enumerable.Range(0, Count).Select(i => history.Request(i, start + span * (i / (double)Count), today)));
        var bulk = new RequestsInBulk(Host.Services.GetRequiredService<IDocumentStore>(), Host.Services.GetRequiredService<ZoneCalendars>());
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        foreach (var batch in Requests.Chunk(120)) await bulk.WriteAsync(conn, batch, default);   // batches of different sizes
    }
}

/// <summary>What the bulk seeding writes is what Marten and the API read, as if the commands had run.</summary>
public class RequestsInBulkTests(BulkSeededZone zone) : IClassFixture<BulkSeededZone>
{
    private IDocumentStore Store => zone.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task the_tables_are_laid_out_as_the_copies_write_them()
    {
        var bulk = new RequestsInBulk(Store, zone.Host.Services.GetRequiredService<ZoneCalendars>());
        Assert.Empty(await bulk.SchemaMismatchesAsync(default));
    }

    [Fact]
    public async Task each_snapshot_and_outcome_is_what_marten_folds_from_the_stream()
    {
        var serializer = Store.Options.Serializer();
        await using var session = Store.QuerySession();
        var statuses = new HashSet<RequestStatus>();
        foreach (var seeded in zone.Requests)
        {
            var folded = await session.Events.AggregateStreamAsync<Request>(seeded.Id);
            var stored = await session.LoadAsync<Request>(seeded.Id);
            Assert.NotNull(stored);
            SameJson(serializer.ToJson(folded), serializer.ToJson(stored));
            Assert.Equal(seeded.EventCount, stored.Version);
            statuses.Add(stored.Status);

            var outcome = await session.Events.AggregateStreamAsync<RequestOutcome>(seeded.Id);
            SameJson(serializer.ToJson(outcome), serializer.ToJson(await session.LoadAsync<RequestOutcome>(seeded.Id)));
        }
        // The mix the benchmark claims: open, answered, closed, withdrawn, rejected.
        Assert.Superset(new HashSet<RequestStatus> { RequestStatus.Filed, RequestStatus.Dispatched, RequestStatus.Closed, RequestStatus.Withdrawn, RequestStatus.Rejected }, statuses);
    }

    [Fact]
    public async Task the_events_come_back_with_their_types_versions_and_own_instants()
    {
        var serializer = Store.Options.Serializer();
        await using var session = Store.QuerySession();
        var sequences = new List<long>();
        foreach (var seeded in zone.Requests)
        {
            var expected = seeded.Commands.SelectMany(c => c.Events.Select(e => (c.At, Data: e))).ToList();
            var events = await session.Events.FetchStreamAsync(seeded.Id);
            Assert.Equal(expected.Select(e => e.Data.GetType()), events.Select(e => e.EventType));
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(expected.Select(e => Microseconds(e.At)), events.Select(e => e.Timestamp));
            Assert.Equal(expected.Select(e => serializer.ToJson(e.Data)), events.Select(e => serializer.ToJson(e.Data)));
            sequences.AddRange(events.Select(e => e.Sequence));
            var state = await session.Events.FetchStreamStateAsync(seeded.Id);
            Assert.Equal((expected.Count, typeof(Request)), (state!.Version, state.AggregateType));
        }
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        // Marten's own sequence: the next event appended takes a number after them all.
        await using var conn = new NpgsqlConnection(zone.ConnectionString);
        await conn.OpenAsync();
        await using var next = new NpgsqlCommand("select last_value from projecttracker.mt_events_sequence", conn);
        Assert.True((long)(await next.ExecuteScalarAsync())! >= sequences.Max());
    }

    [Fact]
    public async Task each_command_left_its_history_row_valid_until_the_next()
    {
        await using var conn = new NpgsqlConnection(zone.ConnectionString);
        await conn.OpenAsync();
        var rows = new Dictionary<Guid, List<(int Version, DateTimeOffset From, DateTimeOffset? To, string Data)>>();
        await using (var read = new NpgsqlCommand(
            "select id, version, valid_from, nullif(valid_to, 'infinity'), data::text from projecttracker.request_history order by id, version", conn))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                (rows.TryGetValue(reader.GetGuid(0), out var list) ? list : rows[reader.GetGuid(0)] = []).Add(
                    (reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        var current = new Dictionary<Guid, string>();
        await using (var read = new NpgsqlCommand("select id, data::text from projecttracker.mt_doc_request", conn))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) current[reader.GetGuid(0)] = reader.GetString(1);

        Assert.Equal(zone.Requests.Count, rows.Count);
        foreach (var seeded in zone.Requests)
        {
            var versions = new List<int>();
            var v = 0;
            foreach (var c in seeded.Commands) versions.Add(v += c.Events.Count);
            var expected = seeded.Commands.Select((c, i) => (versions[i], Microseconds(c.At), i + 1 < seeded.Commands.Count ? Microseconds(seeded.Commands[i + 1].At) : (DateTimeOffset?)null));
            Assert.Equal(expected, rows[seeded.Id].Select(r => (r.Version, r.From, r.To)));
            Assert.Equal(current[seeded.Id], rows[seeded.Id][^1].Data);   // today's row is the snapshot
        }
    }

    [Fact]
    public async Task the_scorecards_and_ranking_are_those_a_rebuild_from_the_events_gives()
    {
        var today = zone.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var first = new DateOnly(today.Year, today.Month, 1);
        var months = Enumerable.Range(1, 12).Select(m => first.AddMonths(-m).ToString("yyyy-MM")).ToList();
        var year = $"from={first.AddYears(-1):yyyy-MM-dd}&to={first.AddDays(-1):yyyy-MM-dd}";

        var before = await EverythingAsync(months, year);
        var zoneYear = (await zone.Get($"/api/scorecards?unit=zone&from={first.AddYears(-2):yyyy-MM-dd}&to={today:yyyy-MM-dd}", zone.SupervisorToken).Json<ScorecardList>()).Scorecards.Single();
        Assert.Equal(BulkSeededZone.Count, zoneYear.Received);
        Assert.True(zoneYear.Answer.OnTime > 0 && zoneYear.Answer.Late > 0 && zoneYear.Dispatch.Late > 0, "a mix of on time and late");

        Assert.Equal(BulkSeededZone.Count, await RebuildScorecardsCommand.RebuildAsync(Store, zone.Host.Services.GetRequiredService<ZoneCalendars>(), CancellationToken.None));
        Assert.Equal(before, await EverythingAsync(months, year));
    }

    private async Task<string> EverythingAsync(List<string> months, string year)
    {
        var text = new List<string>();
        foreach (var month in months)
        {
            text.Add(await (await zone.Get($"/api/scorecards?unit=zone&period={month}", zone.SupervisorToken)).ReadAsTextAsync());
            text.Add(await (await zone.Get($"/api/scorecards?unit=department&period={month}", zone.SupervisorToken)).ReadAsTextAsync());
            text.Add(await (await zone.Get($"/api/rankings?period={month}", zone.SupervisorToken)).ReadAsTextAsync());
        }
        foreach (var unit in new[] { "zone", "secretary", "department" })
            text.Add(await (await zone.Get($"/api/scorecards?unit={unit}&{year}", zone.SupervisorToken)).ReadAsTextAsync());
        text.Add(await (await zone.Get($"/api/rankings?{year}", zone.SupervisorToken)).ReadAsTextAsync());
        text.Add(await (await zone.Get($"/api/scorecards/{DemoZone.Department(1)}?{year}&pageSize=100", zone.SupervisorToken)).ReadAsTextAsync());
        return string.Join("\n", text);
    }

    /// <summary>Equal as JSON values: jsonb keeps an object's keys in an order of its own (a dictionary's, here).</summary>
    private static void SameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nActual {actual}");

    /// <summary>PostgreSQL keeps microseconds.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
