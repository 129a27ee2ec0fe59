using Npgsql;

namespace ProjectTracker.Nodes;

/// <summary>Which node is inside a deadline sweep's transaction right now (pg_locks, by Application Name).</summary>
public static class Locks
{
    // Deadlines/Sweeping/SweepDeadlines.cs: pg_advisory_xact_lock(SweepLock + lanes * 256 + lane).
    private const long SweepLock = 0x5054_5357_0000;

    public static async Task<(int? Node, string? Lock)> SweepHolderAsync(string db, TimeSpan within)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select a.application_name, ((l.classid::bigint << 32) | l.objid::bigint) - @base as k
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.application_name like 'pt-node-%'
              and ((l.classid::bigint << 32) | l.objid::bigint) between @base and @base + 65535
            limit 1
            """, conn);
        cmd.Parameters.AddWithValue("base", SweepLock);
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            await using (var r = await cmd.ExecuteReaderAsync())
                if (await r.ReadAsync())
                {
                    var k = r.GetInt64(1);
                    return (int.Parse(r.GetString(0)["pt-node-".Length..]), $"the lock of sweep lane {k % 256} (of {k / 256})");
                }
            await Task.Delay(10);
        }
        return (null, null);
    }
}
