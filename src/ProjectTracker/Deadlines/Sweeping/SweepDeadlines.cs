using Marten;
using Npgsql;
using ProjectTracker.Escalations;

using ProjectTracker.Requests;
using ProjectTracker.Requests.Overdue;

namespace ProjectTracker.Deadlines.Sweeping;

/// <summary>
/// Escalate every request deadline that has fallen due since the last sweep, in one of
/// <paramref name="Lanes"/> disjoint shares of the requests (by id): lanes sweep side by side.
/// With a <paramref name="LookAhead"/>, deadlines falling due that soon are escalated ahead, in a
/// transaction committed once they have passed: when they fall due only the commit remains.
/// </summary>
public sealed record SweepDeadlines(int Lane = 0, int Lanes = 1, int BatchSize = SweepDeadlines.DefaultBatchSize, TimeSpan LookAhead = default)
{
    public const int DefaultBatchSize = 10_000;
}

/// <param name="More">A batch was full: sweep again at once.</param>
/// <param name="NextDue">The earliest pending due time not yet swept, to sleep until.</param>
public sealed record SweepOutcome(int Raised, bool More, DateTimeOffset? NextDue);

/// <summary>
/// Deadlines are the requests' pending due times, indexed columns written with the events that
/// set them: nothing is scheduled per request, and a restart loses nothing. A sweep takes what has
/// fallen due past its lane's cursor in due order, raises the escalations in one transaction (three
/// COPYs for the whole batch: ten thousand deadlines can fall due at one instant) and moves the
/// cursor with them, so each deadline escalates once. Each lane has its own cursor stream and lock;
/// a change in the number of lanes starts fresh cursors, and the escalations already raised are
/// skipped. The breach itself is not appended to the request: it is judged when read (ClockView).
/// </summary>
public static class SweepDeadlinesHandler
{
    // Sweepers on several nodes take turns per lane; the second then finds the first one's cursor.
    private const long SweepLock = 0x5054_5357_0000;

    // Deadlines falling due within this much of the earliest one read ahead are swept with it.
    private static readonly TimeSpan ReadAheadWindow = TimeSpan.FromMilliseconds(50);

    private sealed class Due(DateTimeOffset at, Request request)
    {
        public DateTimeOffset At { get; } = at;
        public Request Request { get; set; } = request;
    }

    public static async Task<SweepOutcome> Handle(SweepDeadlines cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (cmd.Lanes < 1 || cmd.Lane < 0 || cmd.Lane >= cmd.Lanes || cmd.Lanes > 256 || cmd.LookAhead < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(cmd), $"Lane {cmd.Lane} of {cmd.Lanes} (1 to 256), look-ahead {cmd.LookAhead}.");
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, SweepLock + cmd.Lanes * 256 + cmd.Lane);
        // The (due, id) index gives the batch its order. Planning on a table just filled (stale
        // statistics: "one row") chose a bitmap scan and a sort of the documents spilling to disk, 10x slower.
        await session.QueryAsync<string>("select set_config('enable_sort', 'off', true)", ct);
        var now = clock.GetUtcNow();
        var stream = await session.Events.FetchForWriting<DeadlineSweep>(DeadlineSweep.StreamFor(cmd.Lane, cmd.Lanes), ct);
        var cursors = new Dictionary<DeadlineKind, SweepCursor>
        {
            [DeadlineKind.Dispatch] = stream.Aggregate?.Dispatch ?? SweepCursor.Start,
            [DeadlineKind.Resolution] = stream.Aggregate?.Resolution ?? SweepCursor.Start,
        };
        // The id's last byte is random for both version-7 and hashed (idempotent filing) ids.
        var inLane = cmd.Lanes == 1 ? "" : $" and get_byte(uuid_send(d.id), 15) % {cmd.Lanes} = {cmd.Lane}";

        // Dues written behind the cursors (a calendar correction, a resumption): few, read whole.
        var behind = (await session.Query<DueBehind>().ToListAsync(ct))
            .Where(b => cmd.Lanes == 1 || b.RequestId.ToByteArray()[15] % cmd.Lanes == cmd.Lane).ToList();

        // Due by now, or else (looking ahead) the next due time and those just after it.
        var earliest = Earliest(await EarliestAsync(session, cursors, inLane, ct), behind.Select(b => (DateTimeOffset?)b.Due).Min());
        if (earliest is null || earliest > now + cmd.LookAhead) return new SweepOutcome(0, false, earliest);
        var through = earliest > now ? earliest.Value + ReadAheadWindow : now;

        // Decided on rows it holds (FOR UPDATE): a command on one of these requests commits before
        // the sweep reads it, or after the sweep commits (and then Breaches voids what it disproves).
        // Looking ahead, the lock is taken at the re-read just before the commit, not for the wait.
        var ahead = through > now;
        var lockRows = ahead ? "" : " for update";
        var batches = new Dictionary<DeadlineKind, List<Due>>();
        foreach (var (kind, cursor) in cursors)
        {
            var read = await session.QueryAsync<Request>(
                $"where d.{Column(kind)} >= ? and (d.{Column(kind)}, d.id) > (?, ?) and d.{Column(kind)} <= ?{inLane} order by d.{Column(kind)}, d.id limit {cmd.BatchSize}{lockRows}",
                ct, cursor.Due, cursor.Due, cursor.RequestId, through);
            batches[kind] = read.Select(r => new Due(PendingDue(kind, r)!.Value, r)).ToList();
        }
        var late = await LateAsync(session, behind.Where(b => b.Due <= through).ToList(), batches, lockRows, ct);
        // Looking ahead, the escalations are decided and written as of `through` before it comes, and
        // committed once it has passed; if a request changed meanwhile, they are decided again.
        if (ahead) await ExecuteAsync(session, "savepoint read_ahead", ct);
        var raised = await RaiseAsync(session, batches, late, through, ct);
        if (ahead)
        {
            if (through - clock.GetUtcNow() is var left && left > TimeSpan.Zero) await Task.Delay(left, clock, ct);
            if (await ReadChangedAgainAsync(session, [.. batches.Values.SelectMany(b => b), .. late.Values.SelectMany(b => b)], ct))
            {
                await ExecuteAsync(session, "rollback to savepoint read_ahead", ct);
                raised = await RaiseAsync(session, batches, late, through, ct);
            }
        }

        foreach (var (kind, due) in batches.Where(b => b.Value.Count > 0))
        {
            cursors[kind] = new SweepCursor(due[^1].At, due[^1].Request.Id);
            stream.AppendOne(new DeadlinesSwept(kind, cursors[kind], raised[kind].Select(e => e.EscalationId).ToArray(), through));
        }
        DeadlineMetrics.CountAtCommit(session, clock, startedAt, batches.Values.Sum(b => b.Count) + late.Values.Sum(b => b.Count),
            raised.Values.SelectMany(r => r));
        var more = batches.Values.Any(b => b.Count == cmd.BatchSize);
        var next = Earliest(await EarliestAsync(session, cursors, inLane, ct), behind.Where(b => b.Due > through).Select(b => (DateTimeOffset?)b.Due).Min());
        return new SweepOutcome(raised.Values.Sum(r => r.Count), more, next);
    }

    /// <summary>
    /// Decides each request read (a request changed meanwhile on its new state: it may no longer be
    /// due) and raises what is due, skipping escalations that exist.
    /// </summary>
    private static async Task<Dictionary<DeadlineKind, IReadOnlyList<EscalationRaised>>> RaiseAsync(IDocumentSession session,
        Dictionary<DeadlineKind, List<Due>> batches, Dictionary<DeadlineKind, List<Due>> late, DateTimeOffset now, CancellationToken ct)
    {
        var raised = new Dictionary<DeadlineKind, IReadOnlyList<EscalationRaised>>();
        foreach (var (kind, due) in batches)
            raised[kind] = await EscalationsInBulk.RaiseAsync(session,
                due.Concat(late[kind]).Select(d => Decide(kind, d.Request, now)).OfType<EscalationRaised>().ToList(), ct);
        return raised;
    }

    /// <summary>
    /// The noted dues behind the cursors that have fallen due, on their requests' current state
    /// (one read by the cursor in this batch already is not taken twice). The notes are deleted
    /// with the sweep's transaction: decided once.
    /// </summary>
    private static async Task<Dictionary<DeadlineKind, List<Due>>> LateAsync(IDocumentSession session, List<DueBehind> due,
        Dictionary<DeadlineKind, List<Due>> batches, string lockRows, CancellationToken ct)
    {
        var late = batches.Keys.ToDictionary(k => k, _ => new List<Due>());
        if (due.Count == 0) return late;
        var requests = (await session.QueryAsync<Request>($"where d.id = any(?){lockRows}", ct, due.Select(d => d.RequestId).Distinct().ToArray()))
            .ToDictionary(r => r.Id);
        foreach (var note in due)
        {
            session.Delete(note);
            if (requests.TryGetValue(note.RequestId, out var r) && batches[note.Kind].All(d => d.Request.Id != r.Id))
                late[note.Kind].Add(new Due(note.Due, r));
        }
        return late;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static async Task ExecuteAsync(IDocumentSession session, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, session.Connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The earliest pending due time in this lane past the cursors.</summary>
    private static async Task<DateTimeOffset?> EarliestAsync(IDocumentSession session, Dictionary<DeadlineKind, SweepCursor> cursors,
        string inLane, CancellationToken ct)
    {
        string Min(DeadlineKind kind) =>
            $"(select d.{Column(kind)} from {RequestTable(session)} d where d.{Column(kind)} >= ? and (d.{Column(kind)}, d.id) > (?, ?){inLane} " +
            $"order by d.{Column(kind)}, d.id limit 1)";
        var (dispatch, resolution) = (cursors[DeadlineKind.Dispatch], cursors[DeadlineKind.Resolution]);
        var earliest = await session.QueryAsync<DateTimeOffset>(
            $"select n.due from (select least({Min(DeadlineKind.Dispatch)}, {Min(DeadlineKind.Resolution)}) as due) n where n.due is not null", ct,
            dispatch.Due, dispatch.Due, dispatch.RequestId, resolution.Due, resolution.Due, resolution.RequestId);
        return earliest.Count > 0 ? earliest[0] : null;
    }

    /// <summary>
    /// Locks the requests read ahead (held until the commit, as a sweep that did not look ahead
    /// holds them from its read); those that changed while the sweep waited are read again.
    /// </summary>
    /// <returns>Whether any had.</returns>
    private static async Task<bool> ReadChangedAgainAsync(IDocumentSession session, List<Due> read, CancellationToken ct)
    {
        if (read.Count == 0) return false;
        var changed = new List<Guid>();
        await using (var locking = new NpgsqlCommand(
            $"select d.id, d.mt_version <> r.version from {RequestTable(session)} d join unnest($1::uuid[], $2::bigint[]) as r(id, version) on r.id = d.id for update of d",
            session.Connection))
        {
            locking.Parameters.Add(new NpgsqlParameter { Value = read.Select(d => d.Request.Id).ToArray() });
            locking.Parameters.Add(new NpgsqlParameter { Value = read.Select(d => (long)d.Request.Version).ToArray() });
            await using var reader = await locking.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) if (reader.GetBoolean(1)) changed.Add(reader.GetGuid(0));
        }
        if (changed.Count == 0) return false;
        var fresh = (await session.LoadManyAsync<Request>(ct, changed)).ToDictionary(r => r.Id);
        foreach (var d in read)
            if (fresh.TryGetValue(d.Request.Id, out var r)) d.Request = r;
        return true;
    }

    private static EscalationRaised? Decide(DeadlineKind kind, Request request, DateTimeOffset now) =>
        kind == DeadlineKind.Dispatch ? DispatchDeadlineRule.Decide(request, now) : ResolutionDeadlineRule.Decide(request, now);

    private static DateTimeOffset? PendingDue(DeadlineKind kind, Request r) =>
        kind == DeadlineKind.Dispatch ? r.PendingDispatchDue : r.PendingResolutionDue;

    private static string Column(DeadlineKind kind) => Columns.For(kind);

    private static string RequestTable(IDocumentSession session) =>
        session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName;
}
