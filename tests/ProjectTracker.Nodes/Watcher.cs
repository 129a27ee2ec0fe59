using System.Collections.Concurrent;
using Npgsql;

namespace ProjectTracker.Nodes;

/// <summary>
/// Polls the escalations every half second and notes when each request's first became visible
/// (committed): escalations carry the time they were decided (RaisedAt), which a sweep that looks
/// ahead sets before the commit, so the visible time is the honest lateness (to within the poll).
/// </summary>
public sealed class Watcher(string db)
{
    public readonly ConcurrentDictionary<string, DateTimeOffset> SeenAt = new();
    public TimeSpan Every { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            """
            select data->>'RequestId' from projecttracker.mt_doc_escalation where data->>'Kind' in ('0', 'DispatchOverdue')
            union all
            select 'project:' || (data->>'ProjectId') from projecttracker.mt_doc_escalation where data->>'Kind' in ('2', 'MilestoneOverdue')
            """, conn);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (conn.State != System.Data.ConnectionState.Open) { await conn.CloseAsync(); await conn.OpenAsync(ct); }
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                {
                    var now = DateTimeOffset.UtcNow;
                    while (await r.ReadAsync(ct)) SeenAt.TryAdd(r.GetString(0), now);
                }
            }
            catch (OperationCanceledException) { return; }
            // The schema not there yet, or the database taken away (--pg-outage): try again on the next poll.
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested) { }
            try { await Task.Delay(Every, ct); } catch (OperationCanceledException) { return; }
        }
    }
}
