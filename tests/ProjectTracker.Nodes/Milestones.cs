using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace ProjectTracker.Nodes;

/// <summary>
/// Key-project milestone deadlines (durable scheduled messages, not the sweep) in the same run.
/// A milestone falls due at the end of its planned day in the zone, and a plan may not be in the
/// past; so the run moves the zone instead of the clock: Deadlines:ZoneUtcOffset is chosen so that
/// a zone midnight (a whole UTC minute) falls at the instant of the kill, and every project plans
/// its signing for the zone's "today", which ends then.
/// </summary>
public sealed record ZoneMidnight(DateTimeOffset At, TimeSpan Offset, DateOnly Today)
{
    /// <summary>The first whole UTC minute at least <paramref name="after"/> from now, and an offset (within ±14 h) that makes it a zone midnight.</summary>
    public static ZoneMidnight After(TimeSpan after)
    {
        var t = DateTimeOffset.UtcNow + after;
        var at = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var minute = at.Hour * 60 + at.Minute;
        var offset = TimeSpan.FromMinutes(minute <= 14 * 60 ? -minute : 24 * 60 - minute);
        return new ZoneMidnight(at, offset, DateOnly.FromDateTime(at.ToOffset(offset).DateTime).AddDays(-1));
    }
}

public static class Milestones
{
    /// <summary>Registers the projects over HTTP as the task forces' lead, round robin over the nodes; returns their ids.</summary>
    public static async Task<List<string>> RegisterAsync(HttpClient http, Node[] nodes, string leadToken, string[] taskForces, string[] enterprises, int count, DateOnly today)
    {
        var ids = new string[count];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try { ids[i] = await RegisterOneAsync(http, nodes, leadToken, taskForces, enterprises, i, today); }
            finally { gate.Release(); }
        }));
        return [.. ids];
    }

    private static async Task<string> RegisterOneAsync(HttpClient http, Node[] nodes, string leadToken, string[] taskForces, string[] enterprises, int i, DateOnly today)
    {
        {
            var body = new
            {
                name = $"Several nodes proof project {i}", leadEnterpriseId = enterprises[i % enterprises.Length], investmentYuan = 100_000_000m + i,
                industry = "Test", taskForceId = taskForces[i % taskForces.Length], location = "Plot T-01, Weifang High-tech Zone",
                plans = new[] { new { milestone = "Signed", date = today.ToString("yyyy-MM-dd") } },
            };
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(nodes[i % nodes.Length].BaseAddress, "/api/projects")) { Content = JsonContent.Create(body) };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", leadToken);
            using var r = await http.SendAsync(post);
            var text = await r.Content.ReadAsStringAsync();
            if ((int)r.StatusCode != 201) throw new InvalidOperationException($"registering a project answered {(int)r.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        }
    }

    public sealed record Verdict(int Projects, int Escalated, int Missing, int Doubled, int PassedEvents, string DeadLetters);

    public static async Task<Verdict> CheckAsync(string db, IReadOnlyCollection<string> projects)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        var docs = new Dictionary<string, int>();
        await using (var cmd = new NpgsqlCommand("select data->>'ProjectId', count(*)::int from projecttracker.mt_doc_escalation where data->>'Kind' in ('2', 'MilestoneOverdue') group by 1", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) docs[r.GetString(0)] = r.GetInt32(1);
        var passed = new Dictionary<string, int>();
        await using (var cmd = new NpgsqlCommand("select stream_id::text, count(*)::int from projecttracker.mt_events where type = 'milestone_deadline_passed' group by 1", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) passed[r.GetString(0)] = r.GetInt32(1);
        var dead = new List<string>();
        await using (var cmd = new NpgsqlCommand("select message_type, count(*)::int from wolverine.wolverine_dead_letters group by 1 order by 1", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) dead.Add($"{r.GetString(0).Split('.')[^1]}: {r.GetInt32(1)}");
        int Of(Dictionary<string, int> d, string id) => d.TryGetValue(id, out var n) ? n : 0;
        return new Verdict(projects.Count, projects.Count(p => Of(docs, p) >= 1),
            projects.Count(p => Of(docs, p) == 0 || Of(passed, p) == 0), projects.Count(p => Of(docs, p) > 1 || Of(passed, p) > 1),
            projects.Sum(p => Of(passed, p)), dead.Count == 0 ? "none" : string.Join(", ", dead));
    }
}
