using Npgsql;

namespace ProjectTracker.Nodes;

public sealed record Verdict(int Requests, int DueByNow, int Escalations, int Missing, int Doubled, int Voided, int Stray,
    int RaisedEvents, int EscalationStreams, double[] LatenessMs, double[] CommitLatenessMs, double[] DownLatenessMs, DateTimeOffset FirstDue, DateTimeOffset LastDue,
    IReadOnlyList<string> Examples)
{
    public bool Passed => Missing == 0 && Doubled == 0 && Voided == 0 && Stray == 0 && Requests > 0;
}

/// <summary>
/// Reads the truth from the database: every request (all undispatched) whose dispatch deadline
/// has passed must have exactly one DispatchOverdue escalation, as a document and as one
/// EscalationRaised event on its own stream.
/// </summary>
public static class Check
{
    // Marten's defaults: member names as written, enums as integers (DispatchOverdue = 0).
    private const string DispatchKind = "(data->>'Kind' in ('0', 'DispatchOverdue'))";

    public static async Task<int> EscalatedCountAsync(string db)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select count(distinct data->>'RequestId') from projecttracker.mt_doc_escalation where {DispatchKind}", conn);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    public static async Task<Verdict> RunAsync(string db, DateTimeOffset? downFrom, DateTimeOffset? downUntil)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var requests = new Dictionary<string, DateTimeOffset>();
        await using (var cmd = new NpgsqlCommand("select id::text, (data->'Dispatch'->>'Due')::timestamptz from projecttracker.mt_doc_request", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) requests[r.GetString(0)] = r.GetFieldValue<DateTimeOffset>(1);
        var now = DateTimeOffset.UtcNow;
        var due = requests.Where(r => r.Value <= now).ToDictionary(r => r.Key, r => r.Value);

        var docs = new List<(string Request, DateTimeOffset RaisedAt, string Status)>();
        await using (var cmd = new NpgsqlCommand($"select data->>'RequestId', (data->>'RaisedAt')::timestamptz, data->>'Status' from projecttracker.mt_doc_escalation where {DispatchKind}", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) docs.Add((r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2)));

        var events = new Dictionary<string, (int Count, DateTimeOffset First)>();
        await using (var cmd = new NpgsqlCommand($"select data->>'RequestId', count(*)::int, min(timestamp) from projecttracker.mt_events where type = 'escalation_raised' and {DispatchKind} group by 1", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) events[r.GetString(0)] = (r.GetInt32(1), r.GetFieldValue<DateTimeOffset>(2));

        int streams;
        await using (var cmd = new NpgsqlCommand($"select count(*)::int from projecttracker.mt_streams s join projecttracker.mt_doc_escalation d on d.id = s.id where s.type = 'escalation' and {DispatchKind.Replace("data->", "d.data->")}", conn, tx))
            streams = (int)(await cmd.ExecuteScalarAsync())!;

        var byRequest = docs.GroupBy(d => d.Request).ToDictionary(g => g.Key, g => g.ToList());
        var missing = due.Keys.Where(id => !byRequest.ContainsKey(id) || !events.ContainsKey(id)).ToList();
        var doubled = requests.Keys.Where(id => (byRequest.TryGetValue(id, out var l) && l.Count > 1) || (events.TryGetValue(id, out var e) && e.Count > 1)).ToList();
        var stray = byRequest.Keys.Where(id => !due.ContainsKey(id)).ToList();   // escalated before its due, or for no request
        var voided = docs.Count(d => d.Status is "4" or "Voided");

        var lateness = new List<double>(); var commit = new List<double>(); var down = new List<double>();
        foreach (var (id, dueAt) in due)
        {
            if (byRequest.TryGetValue(id, out var l)) lateness.Add((l[0].RaisedAt - dueAt).TotalMilliseconds);
            if (events.TryGetValue(id, out var e))
            {
                var ms = (e.First - dueAt).TotalMilliseconds;
                commit.Add(ms);
                if (downFrom is { } f && downUntil is { } u && dueAt >= f && dueAt <= u) down.Add(ms);
            }
        }
        var examples = missing.Take(5).Select(id => $"missing: request {id} due {due[id]:O}")
            .Concat(doubled.Take(5).Select(id => $"doubled: request {id}")).Concat(stray.Take(5).Select(id => $"stray: escalation for {id}")).ToList();
        return new Verdict(requests.Count, due.Count, docs.Count, missing.Count, doubled.Count, voided, stray.Count, events.Values.Sum(v => v.Count), streams,
            [.. lateness], [.. commit], [.. down],
            due.Count > 0 ? due.Values.Min() : default, due.Count > 0 ? due.Values.Max() : default, examples);
    }

    public static double P(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
