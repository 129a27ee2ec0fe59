using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Requests;
using ProjectTracker.Supervision.Scorecards;

namespace ProjectTracker.Benchmarks.Seeding;

/// <summary>
/// Writes request histories (<see cref="SeededRequest"/>) straight into Marten's tables by binary
/// COPY, as the API's commands would have left them: the streams, the events (Marten's sequence,
/// versions 1..n, each stamped with its command's instant), the <see cref="Request"/> snapshot
/// after each command (so the history tables' trigger records every version, as it does for the
/// API's commands) and the final <see cref="RequestOutcome"/> (the scorecards' inline projection,
/// folded here by the service's own <see cref="RequestOutcomeProjection"/>). Bodies and documents
/// go through Marten's serializer; type names are Marten's (<see cref="EventGraph"/>). The layout
/// is checked against the database first (<see cref="SchemaMismatchesAsync"/>), as the service's
/// own bulk path does (Deadlines/Sweeping/EscalationsInBulk.cs). Benchmark and test code only:
/// RequestsInBulkTests reads the rows back through Marten.
///
/// Per batch, one transaction: COPY the streams; then, command by command (the first command of
/// every request, then the second, ...), COPY its events and the snapshots after it (a request's
/// last into Marten's table, the earlier ones into a staging table with the same triggers), so
/// request_history's trigger runs once per version, as for the API's commands; finally COPY the
/// outcomes. Not written: Wolverine's scheduled messages
/// (auto-close timeouts) and DueBehind notes, which only the last minutes' requests would need.
/// </summary>
public sealed class RequestsInBulk
{
    // Marten's layout as of 9.58. Every column of each table is either written or left to its default.
    private static readonly string[] StreamColumns = ["id", "type", "version", "timestamp", "created", "tenant_id"];
    private static readonly string[] EventColumns = ["seq_id", "id", "stream_id", "version", "data", "type", "tenant_id", "timestamp", "mt_dotnet_type", "is_archived"];
    private static readonly string[] RequestColumns = ["id", "data", "mt_dotnet_type", "mt_version", "mt_last_modified",
        Columns.PendingDispatchDue, Columns.PendingResolutionDue, Columns.PendingRisk];
    private static readonly string[] OutcomeColumns = ["id", "data", "mt_dotnet_type", "mt_version", "mt_last_modified", "filed_on", "is_open"];
    private static readonly Dictionary<string, string[]> Defaulted = new()
    {
        ["mt_streams"] = ["compacted_version", "is_archived"],
        ["mt_events"] = ["bdata"],
    };

    private readonly IDocumentStore _store;
    private readonly EventGraph _events;
    private readonly ISerializer _serializer;
    private readonly RequestOutcomeProjection _outcomes;
    private readonly string _schema;
    private readonly string _requests;
    private readonly string _outcomeTable;
    private readonly string _streamType;
    private readonly string _tenant;
    private readonly HashSet<Type> _outcomeEvents;

    public RequestsInBulk(IDocumentStore store, ZoneCalendars calendars)
    {
        _store = store;
        _events = (EventGraph)store.Options.Events;
        _serializer = store.Options.Serializer();
        _outcomes = new RequestOutcomeProjection(calendars);
        _schema = _events.DatabaseSchemaName;
        _requests = store.Options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName;
        _outcomeTable = store.Options.FindOrResolveDocumentType(typeof(RequestOutcome)).TableName.QualifiedName;
        _streamType = _events.AggregateAliasFor(typeof(Request));
        using (var session = store.QuerySession()) _tenant = session.TenantId;
        // Marten's inline projection sees only the events it includes: a command with none leaves the outcome as it was.
        _outcomeEvents = [.. _outcomes.IncludedEventTypes];
        if (_outcomeEvents.Count == 0) throw new InvalidOperationException("RequestOutcomeProjection names no event types: the outcomes would all be missing.");
    }

    /// <summary>What of Marten's tables the COPYs would not match (a column missing, or one they would leave empty). Empty when all is well.</summary>
    public async Task<IReadOnlyList<string>> SchemaMismatchesAsync(CancellationToken ct)
    {
        var requests = _store.Options.FindOrResolveDocumentType(typeof(Request)).TableName;
        var outcomes = _store.Options.FindOrResolveDocumentType(typeof(RequestOutcome)).TableName;
        var tables = new[]
        {
            (_schema, "mt_streams", StreamColumns), (_schema, "mt_events", EventColumns),
            (requests.Schema, requests.Name, RequestColumns), (outcomes.Schema, outcomes.Name, OutcomeColumns),
        };
        var problems = new List<string>();
        await using var session = _store.QuerySession();
        foreach (var (schema, table, written) in tables)
        {
            var columns = await session.QueryAsync<string>(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?", ct, schema, table);
            problems.AddRange(written.Except(columns).Select(c => $"{schema}.{table} has no column {c}"));
            problems.AddRange(columns.Except(written).Except(Defaulted.GetValueOrDefault(table, []))
                .Select(c => $"{schema}.{table}.{c} is not written (a new duplicated field?)"));
        }
        return problems;
    }

    /// <summary>One batch in one transaction on <paramref name="connection"/> (open, no transaction of its own).</summary>
    public async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<SeededRequest> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        await using var tx = await connection.BeginTransactionAsync(ct);

        var sequence = new Queue<long>(batch.Sum(r => r.EventCount));
        await using (var take = new NpgsqlCommand($"select nextval('{_schema}.mt_events_sequence') from generate_series(1, $1)", connection, tx))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = batch.Sum(r => r.EventCount) });
            await using var reader = await take.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) sequence.Enqueue(reader.GetInt64(0));
        }
        var folded = batch.Select(r => Fold(r, sequence)).ToList();

        await using (var copy = await connection.BeginBinaryImportAsync(Copy($"{_schema}.mt_streams", StreamColumns), ct))
        {
            foreach (var r in folded)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(_streamType, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((long)r.Version, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.Snapshots[^1].At, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(r.Snapshots[0].At, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(_tenant, NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await PrepareStagingAsync(connection, tx, ct);
        for (var k = 0; folded.Any(r => r.Snapshots.Count > k); k++)
        {
            var step = folded.Where(r => r.Snapshots.Count > k).Select(r => (Snapshot: r.Snapshots[k], Last: r.Snapshots.Count == k + 1)).ToList();
            await using (var copy = await connection.BeginBinaryImportAsync(Copy($"{_schema}.mt_events", EventColumns), ct))
            {
                foreach (var e in step.SelectMany(s => s.Snapshot.Events))
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(_serializer.ToJson(e.Data), NpgsqlDbType.Jsonb, ct);
                    await copy.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(_tenant, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                }
                await copy.CompleteAsync(ct);
            }
            // A request's last version goes into Marten's table, the ones before into the staging table: both fire the history trigger.
            foreach (var last in new[] { false, true })
            {
                if (!step.Any(s => s.Last == last)) continue;
                await using var copy = await connection.BeginBinaryImportAsync(Copy(last ? _requests : Staging, RequestColumns), ct);
                foreach (var (snapshot, _) in step.Where(s => s.Last == last))
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(snapshot.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(snapshot.Json, NpgsqlDbType.Jsonb, ct);
                    await copy.WriteAsync(typeof(Request).FullName!, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync((long)snapshot.Version, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(snapshot.At, NpgsqlDbType.TimestampTz, ct);
                    await WriteNullableAsync(copy, snapshot.PendingDispatchDue, ct);
                    await WriteNullableAsync(copy, snapshot.PendingResolutionDue, ct);
                    await WriteNullableAsync(copy, snapshot.PendingRisk, ct);
                }
                await copy.CompleteAsync(ct);
            }
            await using var truncate = new NpgsqlCommand($"truncate {Staging}", connection, tx);
            await truncate.ExecuteNonQueryAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(Copy(_outcomeTable, OutcomeColumns), ct))
        {
            foreach (var r in folded)
            {
                if (r.Outcome is not { } o) continue;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(o.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(_serializer.ToJson(o), NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(typeof(RequestOutcome).FullName!, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((long)r.OutcomeVersion, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.OutcomeAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(o.FiledOn, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(o.IsOpen, NpgsqlDbType.Boolean, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private const string Staging = "seed_request_versions";

    /// <summary>
    /// A temporary table shaped like Marten's request table, with the same row triggers (read from
    /// the catalog: today request_history's), for the versions before a request's last: the
    /// history gets a row for every version, as the API's commands leave it, while Marten's table
    /// gets each request once (an update per version would leave it several times its size).
    /// </summary>
    private async Task PrepareStagingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var triggers = new List<string>();
        await using (var read = new NpgsqlCommand(
            $"select tgfoid::regproc::text from pg_trigger where tgrelid = '{_requests}'::regclass and not tgisinternal and tgenabled <> 'D'", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) triggers.Add(reader.GetString(0));
        var sql = $"create temp table if not exists {Staging} (like {_requests} including defaults) on commit delete rows;"
            + string.Concat(triggers.Select((f, i) => $"create or replace trigger keep_{i} after insert on {Staging} for each row execute function {f}();"));
        await using var create = new NpgsqlCommand(sql, connection, tx);
        await create.ExecuteNonQueryAsync(ct);
    }

    private static string Copy(string table, string[] columns) => $"copy {table} ({string.Join(", ", columns)}) from stdin (format binary)";

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, DateTimeOffset? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.TimestampTz, ct) : copy.WriteNullAsync(ct);

    /// <summary>The request after one command: what its snapshot row holds then.</summary>
    private sealed record Snapshot(Guid Id, DateTimeOffset At, int Version, string Json, List<IEvent> Events,
        DateTimeOffset? PendingDispatchDue, DateTimeOffset? PendingResolutionDue, DateTimeOffset? PendingRisk);

    private sealed record Folded(Guid Id, int Version, List<Snapshot> Snapshots, RequestOutcome? Outcome, int OutcomeVersion, DateTimeOffset OutcomeAt);

    /// <summary>The events as Marten would store them, the snapshot after each command (the aggregate's Create/Apply, as Marten's snapshot projection folds it) and the outcome.</summary>
    private Folded Fold(SeededRequest r, Queue<long> sequence)
    {
        Request? request = null;
        RequestOutcome? outcome = null;
        var (version, outcomeVersion, outcomeAt) = (0, 0, default(DateTimeOffset));
        var snapshots = new List<Snapshot>(r.Commands.Count);
        foreach (var command in r.Commands)
        {
            var events = new List<IEvent>(command.Events.Count);
            foreach (var data in command.Events)
            {
                var e = _events.BuildEvent(data);
                e.Id = Guid.CreateVersion7(command.At);
                e.StreamId = r.Id;
                e.Version = ++version;
                e.Sequence = sequence.Dequeue();
                e.Timestamp = command.At;
                e.TenantId = _tenant;
                events.Add(e);
                if (request is null) request = Request.Create((RequestFiled)data);
                else ((dynamic)request).Apply((dynamic)data);
                if (!_outcomeEvents.Contains(data.GetType())) continue;
                outcome = _outcomes.Evolve(outcome, r.Id, e);
                (outcomeVersion, outcomeAt) = (version, command.At);
            }
            request!.Version = version;
            snapshots.Add(new Snapshot(r.Id, command.At, version, _serializer.ToJson(request), events,
                request.PendingDispatchDue, request.PendingResolutionDue, request.PendingRisk));
        }
        return new Folded(r.Id, version, snapshots, outcome, outcomeVersion, outcomeAt);
    }
}
