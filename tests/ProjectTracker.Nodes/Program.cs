using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;
using ProjectTracker.Nodes;

// The several-nodes proof (deploy/nodes.sh; README "Several nodes"): three service processes on one
// fresh database, requests filed across them, one node killed with SIGKILL while their dispatch
// deadlines fall due and restarted, then the database must show exactly one escalation for every
// deadline that fell due. Exit code 0 only if it does and the survivors kept filing.

var o = Options.Parse(args);
if (!File.Exists(o.Dll)) { Console.Error.WriteLine($"{o.Dll} not found: dotnet build -c Release src/ProjectTracker first (deploy/nodes.sh does)."); return 2; }
var runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}";
var dbName = $"pt_nodes_{runId}";
var logs = Path.Combine(Path.GetTempPath(), $"pt-nodes-{runId}");
System.IO.Directory.CreateDirectory(logs);
void Say(string s) => Console.WriteLine($"[nodes {DateTime.UtcNow:HH:mm:ss.fff}] {s}");

await using (var admin = new NpgsqlConnection(o.Server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"create database \"{dbName}\"", admin);
    await create.ExecuteNonQueryAsync();
}
var db = new NpgsqlConnectionStringBuilder(o.Server) { Database = dbName }.ConnectionString;
var nodes = Array.Empty<Node>();
var exit = 1;
// Stopped from outside (deploy/test.sh's timeout, Ctrl+C): take the service processes down with us.
void StopNodes(PosixSignalContext _) { foreach (var n in nodes) n.Dispose(); Console.Error.WriteLine($"stopped; database {dbName} left in place"); }
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopNodes);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopNodes);
try
{
    string fsync, syncCommit, pgVersion;
    await using (var conn = new NpgsqlConnection(db))
    {
        await conn.OpenAsync();
        async Task<string> Show(string q) { await using var c = new NpgsqlCommand(q, conn); return (await c.ExecuteScalarAsync())!.ToString()!; }
        fsync = await Show("show fsync"); syncCommit = await Show("show synchronous_commit"); pgVersion = (await Show("select version()")).Split(" on ")[0];
    }

    // Milestones: a zone midnight at the kill (see Milestones.cs). Setup (seed, start, register) takes 12-20 s here;
    // the midnight is a whole UTC minute, so filing then waits up to a minute for it.
    var midnight = ZoneMidnight.After(TimeSpan.FromSeconds(25 + o.Milestones / 50.0 + o.KillAfterSeconds));
    var env = new Dictionary<string, string>
    {
        ["Deadlines__ZoneUtcOffset"] = (midnight.Offset < TimeSpan.Zero ? "-" : "") + midnight.Offset.ToString(@"hh\:mm\:ss"),
        ["ConnectionStrings__Marten"] = db,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__SigningKey"] = "several-nodes-proof-test-key-not-for-production-0123456789",
        ["Deadlines__Dispatch__Unit"] = "CalendarHours",
        ["Deadlines__Dispatch__Length"] = (o.DispatchSeconds / 3600.0).ToString("R", CultureInfo.InvariantCulture),
        ["Deadlines__Resolution__Unit"] = "CalendarHours",
        ["Deadlines__Resolution__Length"] = "1",
        ["RateLimits__Burst"] = "1000000",
        ["RateLimits__PerSecond"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["DOTNET_gcServer"] = "0",
    };

    // In Production the service never creates its schema: db-apply does, as an operator would
    // (README, Run in production). Then the demo zone gives real directory users: the contacts
    // file, so their tokens name known users.
    Say($"database {dbName}; applying the schema (db-apply), seeding the demo zone");
    async Task<string> Command(string command)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(o.Dll); info.ArgumentList.Add(command);
        foreach (var (key, value) in env) info.Environment[key] = value;
        using var running = Process.Start(info)!;
        var err = running.StandardError.ReadToEndAsync();
        var output = await running.StandardOutput.ReadToEndAsync();
        await running.WaitForExitAsync();
        if (running.ExitCode != 0) throw new InvalidOperationException($"{command} failed: {output}{await err}");
        return output;
    }
    await Command("db-apply");
    var seedOut = await Command("seed-demo");
    var lines = seedOut.Split('\n');
    var contactTokens = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("contact ") && x.i + 1 < lines.Length)
        .Select(x => lines[x.i + 1].Trim()).Where(t => t.Count(c => c == '.') == 2).ToArray();
    var leadToken = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("lead ") && x.i + 1 < lines.Length).Select(x => lines[x.i + 1].Trim()).FirstOrDefault();
    if (contactTokens.Length == 0) throw new InvalidOperationException($"no contact tokens in seed-demo's output:\n{seedOut}");

    // Each node names itself to PostgreSQL (Application Name), so the proof can see which one holds a sweep's lock.
    Dictionary<string, string> EnvFor(int n) => new(env)
    {
        ["ConnectionStrings__Marten"] = new NpgsqlConnectionStringBuilder(db) { ApplicationName = $"pt-node-{n}" }.ConnectionString,
    };
    nodes = [.. Enumerable.Range(1, 3).Select(n => new Node(n, FreePort(), o.Dll, EnvFor(n), logs))];
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        { Timeout = TimeSpan.FromSeconds(15) };
    foreach (var n in nodes) n.Start();
    await Task.WhenAll(nodes.Select(n => n.WaitReadyAsync(http, TimeSpan.FromSeconds(90))));
    Say($"3 nodes ready on ports {string.Join(", ", nodes.Select(n => n.Port))}; filing {o.Requests} requests over {o.FilingSeconds:F0} s, dispatch clock {o.DispatchSeconds} s");

    var projects = new List<string>();
    var milestonesSkipped = o.Milestones > 0 && midnight.At - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(5 + o.Milestones / 50.0);
    if (milestonesSkipped) Say("setup overran the zone's midnight: milestones skipped in this run");
    if (o.Milestones > 0 && !milestonesSkipped)
    {
        if (leadToken is null) throw new InvalidOperationException("no lead token in seed-demo's output");
        string[] Ids(string table) { using var c = new NpgsqlConnection(db); c.Open(); using var q = new NpgsqlCommand($"select id::text from projecttracker.{table} order by id", c); using var r = q.ExecuteReader(); var l = new List<string>(); while (r.Read()) l.Add(r.GetString(0)); return [.. l]; }
        projects = await Milestones.RegisterAsync(http, nodes, leadToken, Ids("mt_doc_taskforce"), Ids("mt_doc_enterprise"), o.Milestones, midnight.Today);
        Say($"{projects.Count} key projects registered, each with its signing planned for {midnight.Today} in a zone at UTC{(midnight.Offset < TimeSpan.Zero ? "-" : "+")}{midnight.Offset:hh\\:mm}: due at {midnight.At:HH:mm:ss} UTC");
        // Start filing so that the kill falls at that midnight.
        var idle = midnight.At - TimeSpan.FromSeconds(o.KillAfterSeconds) - DateTimeOffset.UtcNow;
        if (idle > TimeSpan.Zero) { Say($"waiting {idle.TotalSeconds:F0} s so the kill falls at the zone's midnight"); await Task.Delay(idle); }
    }

    using var stop = new CancellationTokenSource();
    var watcher = new Watcher(db);
    var watching = watcher.RunAsync(stop.Token);
    var filing = new Filing(o, nodes, contactTokens, http);
    var filingTask = filing.RunAsync(runId, CancellationToken.None);
    var t0 = DateTimeOffset.UtcNow;

    // The disruption, KillShare of the way into the burst of deadlines falling due, while filing goes on.
    // Kill: the victim is the node seen inside a sweep transaction (holding a lane's lock, escalations
    // written but not committed) in the 5 s from then (node 2 if none is seen), killed with SIGKILL
    // and restarted DownSeconds later. PostgreSQL outage (--pg-outage): the database is taken away
    // from every node for DownSeconds instead (see Outage.cs).
    var killAt = t0 + TimeSpan.FromSeconds(o.DispatchSeconds + o.KillShare * o.FilingSeconds);
    await Task.Delay(Max(TimeSpan.Zero, killAt - DateTimeOffset.UtcNow));
    Node? victim = null; int? killedPid = null; string? lockSeen = null; DateTimeOffset? lockSeenAt = null;
    if (!o.PgOutage)
    {
        (var victimNumber, lockSeen) = await Locks.SweepHolderAsync(db, TimeSpan.FromSeconds(5));
        victim = nodes[(victimNumber ?? 2) - 1];
        lockSeenAt = lockSeen is null ? null : DateTimeOffset.UtcNow;
        killedPid = victim.Pid;
    }
    var escalatedBeforeKill = watcher.SeenAt.Count;
    var killedAt = DateTimeOffset.UtcNow;   // SIGKILL sent, or the database taken away
    if (victim is not null)
    {
        victim.Kill();
        Say($"node {victim.Number} (pid {killedPid}) killed with SIGKILL; {filing.Done.Count} filed, {escalatedBeforeKill} escalated so far");
    }
    else
    {
        await Outage.BlockAsync(o.Server, dbName);
        Say($"database taken away from every node; {filing.Done.Count} filed, {escalatedBeforeKill} escalated so far");
    }
    await Task.Delay(TimeSpan.FromSeconds(o.DownSeconds));
    var restartedAt = DateTimeOffset.UtcNow;
    if (victim is not null) victim.Start();
    else await Outage.UnblockAsync(o.Server, dbName);
    await Task.WhenAll((victim is null ? nodes : [victim]).Select(n => n.WaitReadyAsync(http, TimeSpan.FromSeconds(90))));
    var readyAt = DateTimeOffset.UtcNow;
    Say(victim is not null ? $"node {victim.Number} restarted (pid {victim.Pid}), ready after {(readyAt - restartedAt).TotalSeconds:F1} s"
        : $"database back; every node ready after {(readyAt - restartedAt).TotalSeconds:F1} s");

    await filingTask;
    var filingEnded = DateTimeOffset.UtcNow;
    Say($"filing done: {filing.Done.Count} filed, {filing.GaveUp} given up, {filing.Failures.Count} failed attempts (retried)");

    // Wait for the last due plus the margin, then until every filed request shows its escalation (bounded).
    var lastDue = filingEnded + TimeSpan.FromSeconds(o.DispatchSeconds);
    await Task.Delay(Max(TimeSpan.Zero, lastDue + TimeSpan.FromSeconds(o.MarginSeconds) - DateTimeOffset.UtcNow));
    // Milestones a killed node had taken wait for Wolverine to find the node dead (about 70 s here): allow 2 minutes.
    var giveUp = Later(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60), projects.Count > 0 ? midnight.At + TimeSpan.FromSeconds(120) : default);
    while (watcher.SeenAt.Count < filing.Done.Count + projects.Count && DateTimeOffset.UtcNow < giveUp) await Task.Delay(500);
    await Task.Delay(TimeSpan.FromSeconds(1));   // one more poll, and time for any doubled escalation to land
    stop.Cancel();
    await watching;

    var mv = await Milestones.CheckAsync(db, projects);
    var v = await Check.RunAsync(db, killedAt, readyAt);
    var seen = new List<double>(); var seenDown = new List<double>();
    await using (var conn = new NpgsqlConnection(db))
    {
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select id::text, (data->'Dispatch'->>'Due')::timestamptz from projecttracker.mt_doc_request", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            if (watcher.SeenAt.TryGetValue(r.GetString(0), out var at))
            {
                var due = r.GetFieldValue<DateTimeOffset>(1);
                var ms = (at - due).TotalMilliseconds;
                seen.Add(ms);
                if (due >= killedAt && due <= readyAt) seenDown.Add(ms);
            }
    }

    var survivors = nodes.Where(n => n != victim).ToArray();
    var outageAnswers = filing.Failures.Where(f => f.At >= killedAt && f.At <= readyAt.AddSeconds(1))
        .GroupBy(f => f.Error.Split(' ', ':')[0]).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}").ToArray();
    var filedAfter = filing.Done.Count(f => f.At > readyAt);
    int FiledBy(Node n, DateTimeOffset from, DateTimeOffset to) => filing.Done.Count(f => f.Node == n.Number && f.At >= from && f.At < to);
    var whileDown = survivors.ToDictionary(n => n.Number, n => FiledBy(n, killedAt, readyAt));
    var inFlight = filing.Failures.Where(f => f.Node == victim?.Number && f.At >= killedAt.AddSeconds(-1) && f.At < killedAt.AddSeconds(5)).Select(f => f.Index).Distinct().Count();
    var survivorsKeptFiling = victim is null ? filedAfter > 0 : whileDown.Values.All(c => c > 0);
    var passed = v.Passed && survivorsKeptFiling && filing.GaveUp == 0 && v.Requests == filing.Done.Count && v.DueByNow == v.Requests
        && mv.Missing == 0 && mv.Doubled == 0;
    var milestoneLate = projects.Where(p => watcher.SeenAt.ContainsKey("project:" + p)).Select(p => (watcher.SeenAt["project:" + p] - midnight.At).TotalMilliseconds).ToArray();

    string Ms(double x) => double.IsNaN(x) ? "n/a" : x >= 10_000 ? $"{x / 1000:F1} s" : $"{x:F0} ms";
    string Dist(double[] xs) => xs.Length == 0 ? "n/a" : $"{Ms(Check.P(xs, 0.5))} / {Ms(Check.P(xs, 0.99))} / {Ms(xs.Max())}";
    string T(DateTimeOffset t) => $"{t:HH:mm:ss.f} (t+{(t - t0).TotalSeconds:F1} s)";
    var md = new StringBuilder();
    md.AppendLine($"# Several nodes, proven: {(passed ? "PASSED" : "FAILED")}");
    md.AppendLine();
    md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `deploy/nodes.sh --requests {o.Requests}` (tests/ProjectTracker.Nodes). {Environment.ProcessorCount} cores; {pgVersion}; fsync={fsync}, synchronous_commit={syncCommit}.");
    md.AppendLine($"Three service processes (the Release build) on one fresh database; dispatch clock {o.DispatchSeconds} s (`Deadlines__Dispatch__Unit=CalendarHours`, `Length={env["Deadlines__Dispatch__Length"]}`), resolution 1 h;");
    md.AppendLine($"{o.Requests} requests filed over HTTP by {contactTokens.Length} seeded contacts, round robin over the nodes that are up, paced over {o.FilingSeconds:F0} s; every one left undispatched.");
    md.AppendLine();
    md.AppendLine("| measure | value |");
    md.AppendLine("|---|---|");
    md.AppendLine($"| requests filed (201) / in the database | {filing.Done.Count} / {v.Requests} (gave up: {filing.GaveUp}) |");
    md.AppendLine($"| dispatch deadlines fallen due | {v.DueByNow}, from {T(v.FirstDue)} to {T(v.LastDue)} |");
    md.AppendLine($"| DispatchOverdue escalations (documents / raised events / their streams) | {v.Escalations} / {v.RaisedEvents} / {v.EscalationStreams} |");
    md.AppendLine($"| **missing / doubled** / voided / stray | **{v.Missing} / {v.Doubled}** / {v.Voided} / {v.Stray} |");
    if (victim is not null)
    {
        md.AppendLine($"| node {victim.Number} killed (SIGKILL, pid {killedPid}) | {T(killedAt)}, {escalatedBeforeKill} escalations committed by then |");
        md.AppendLine($"| what node {victim.Number} was doing | {(lockSeen is { } ls ? $"inside a sweep transaction: seen holding {ls} {(killedAt - lockSeenAt!.Value).TotalMilliseconds:F0} ms before SIGKILL" : "no sweep transaction seen in 5 s: node 2 killed")} |");
        md.AppendLine($"| node {victim.Number} restarted / ready | {T(restartedAt)} / {T(readyAt)} |");
        md.AppendLine($"| filed by the survivors while node {victim.Number} was down | {string.Join(", ", whileDown.Select(w => $"node {w.Key}: {w.Value}"))} |");
        md.AppendLine($"| filings cut off on the killed node, answered on a survivor (same Idempotency-Key) | {inFlight} (failed attempts in the whole run, all retried: {filing.Failures.Count}) |");
    }
    else
    {
        md.AppendLine($"| database taken away (connections ended, new ones refused) | {T(killedAt)}, {escalatedBeforeKill} escalations committed by then |");
        md.AppendLine($"| database given back / every node ready | {T(restartedAt)} / {T(readyAt)} |");
        md.AppendLine($"| what callers got meanwhile (failed attempts, each retried with its Idempotency-Key) | {(outageAnswers.Length == 0 ? "none" : string.Join(", ", outageAnswers))} |");
        md.AppendLine($"| filed while it was away / after | {filing.Done.Count(f => f.At >= killedAt && f.At <= readyAt)} / {filedAfter} |");
    }
    md.AppendLine($"| filed per node, whole run | {string.Join(", ", nodes.Select(n => $"node {n.Number}: {filing.Done.Count(f => f.Node == n.Number)}"))} |");
    md.AppendLine($"| lateness, escalation visible (committed, polled every 0.5 s) − due: p50 / p99 / max | {Dist([.. seen])} |");
    md.AppendLine($"| the same, deadlines due while {(victim is null ? "the database was away" : $"node {victim.Number} was down")} ({seenDown.Count}) | {Dist([.. seenDown])} |");
    md.AppendLine($"| lateness, escalation's RaisedAt (decided; the sweep looks ahead 1 s) − due: p50 / p99 / max | {Dist(v.LatenessMs)} |");
    md.AppendLine();
    md.AppendLine("Checked from the database: every request's `Dispatch.Due` (mt_doc_request) against the DispatchOverdue escalations");
    md.AppendLine("(mt_doc_escalation by `RequestId`, `escalation_raised` events in mt_events, escalation streams in mt_streams).");
    if (projects.Count > 0)
    {
        md.AppendLine();
        md.AppendLine($"Key-project milestone deadlines (durable scheduled messages): {projects.Count} projects registered over HTTP, each planning its signing for the zone's today;");
        md.AppendLine($"the zone's offset (`Deadlines__ZoneUtcOffset={env["Deadlines__ZoneUtcOffset"]}`) put that day's end at {T(midnight.At)}, and the {(victim is null ? "outage" : "SIGKILL")} came {(killedAt - midnight.At).TotalSeconds:F1} s after it.");
        md.AppendLine();
        md.AppendLine("| milestones | value |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| milestone deadlines due / MilestoneOverdue escalations | {mv.Projects} / {mv.Escalated} (MilestoneDeadlinePassed events: {mv.PassedEvents}) |");
        md.AppendLine($"| **missing / doubled** | **{mv.Missing} / {mv.Doubled}** |");
        md.AppendLine($"| lateness, escalation visible − due: p50 / p99 / max | {Dist(milestoneLate)} |");
        md.AppendLine($"| messages in Wolverine's dead-letter table (wolverine_dead_letters) | {mv.DeadLetters} |");
    }
    if (milestonesSkipped) md.AppendLine("\nMilestones skipped: the setup overran the zone midnight chosen for them.");
    if (!survivorsKeptFiling) md.AppendLine(victim is null ? "\nFAILED: nothing was filed after the database came back." : $"\nFAILED: a survivor filed nothing while node {victim.Number} was down.");
    foreach (var e in v.Examples) md.AppendLine($"- {e}");
    md.AppendLine();
    md.AppendLine($"Node logs: {logs} (kept only when the run fails).");
    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(o.Results)!);
    await File.WriteAllTextAsync(o.Results, md.ToString());
    Console.WriteLine(md.ToString());
    Say($"results: {o.Results}");
    exit = passed ? 0 : 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"several-nodes proof failed to run: {e}");
    Console.Error.WriteLine($"node logs: {logs}");
    exit = 1;
}
finally
{
    foreach (var n in nodes) n.Dispose();
    if (exit == 0) try { System.IO.Directory.Delete(logs, recursive: true); } catch (IOException) { }
    if (!o.KeepDatabase)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(o.Server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{dbName}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
return exit;

static int FreePort()
{
    var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    var port = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return port;
}

static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
