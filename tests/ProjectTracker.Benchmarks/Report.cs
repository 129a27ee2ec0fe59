using System.Globalization;
using System.Text;

namespace ProjectTracker.Benchmarks;

/// <summary>The results file: every figure of one run, with the machine and the command.</summary>
public static class Report
{
    public static string Render(Results r)
    {
        var o = r.Options;
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC){(o.Smoke ? " — SMOKE RUN, figures meaningless" : "")}");
        s.AppendLine();
        s.AppendLine($"Machine: {r.Machine}  ");
        s.AppendLine($"Command: `{o.CommandLine}`  ");
        s.AppendLine("Durability as in production: fsync and synchronous_commit on; every figure below comes from this one run. " +
                     "The machine may have been shared with other work while it ran: compare the ratios (measured in alternating rounds), not the absolute rates, with other runs.");
        s.AppendLine();
        if (r.Failures.Count > 0)
        {
            s.AppendLine("**Failures:**");
            foreach (var f in r.Failures) s.AppendLine($"- {f}");
            s.AppendLine();
        }
        if (r.Limit is { } l) Limit(s, l, o);
        if (r.Mixed is { } m) Mixed(s, m, r.Limit, o);
        if (r.Burst is { } b) Burst(s, b);
        if (r.TenYears is { } t) TenYears(s, t, o);
        if (r.AsOf is { } a) AsOf(s, a, o);
        return s.ToString();
    }

    private static string Ms(double v) => double.IsInfinity(v) ? "never" : v.ToString(v < 10 ? "F1" : "F0", CultureInfo.InvariantCulture);
    private static string N(double v, string format = "F0") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static void Limit(StringBuilder s, LimitResult l, BenchOptions o)
    {
        var filing = l.Filing;
        s.AppendLine($"## Filing against the limit ({o.Clients} clients, {o.Rounds} alternating rounds, {o.Seconds} s per workload in all)");
        s.AppendLine();
        s.AppendLine("| measure | value | goal |");
        s.AppendLine("|---|---|---|");
        s.AppendLine($"| **filing over HTTP ÷ pgbench** | **{filing.PerSecond / l.Pgbench.PerSecond:P0}** ({filing.PerSecond:N0}/s ÷ {l.Pgbench.PerSecond:N0}/s) | ≥ 25 % |");
        s.AppendLine($"| filing over HTTP ÷ Npgsql prepared insert | {filing.PerSecond / l.Npgsql.PerSecond:P0} ({filing.PerSecond:N0}/s ÷ {l.Npgsql.PerSecond:N0}/s) | |");
        s.AppendLine($"| Npgsql prepared insert ÷ pgbench (the client's share of the gap) | {l.Npgsql.PerSecond / l.Pgbench.PerSecond:P0} | |");
        s.AppendLine($"| filing latency p50 / p99 | {Ms(filing.P(0.5))} ms / {Ms(filing.P(0.99))} ms | p99 ≤ 20 ms |");
        // With both cores busy, rates go as the inverse of the CPU each operation costs the machine.
        s.AppendLine($"| pgbench's machine CPU per insert ÷ filing's per filing (the ratio CPU alone allows) | {l.Pgbench.MachineCpuMsPerOp / filing.MachineCpuMsPerOp:P0} | |");
        if (l.Workloads.TryGetValue("filing (HTTP, auto-prepare)", out var prepared))
            s.AppendLine($"| experiment: filing with Npgsql auto-preparation ÷ pgbench (not production: npgsql#6391) | {prepared.PerSecond / l.Pgbench.PerSecond:P0} ({prepared.PerSecond / filing.PerSecond - 1:+0%;-0%} on filing; machine CPU per filing {prepared.MachineCpuMsPerOp:F2} vs {filing.MachineCpuMsPerOp:F2} ms) | |");
        s.AppendLine();
        s.AppendLine("Each workload, same rounds. CPU is per operation: this process's (the service and its HTTP client), and the whole machine's " +
                     "(PostgreSQL and any neighbour included). \"Capacity\" is the wall time per operation at this concurrency, 1000 ÷ rate: " +
                     "the differences between rows are what each layer costs.");
        s.AppendLine();
        s.AppendLine("| workload | rate | capacity ms/op | p50 ms | p99 ms | process CPU ms/op | machine CPU ms/op | allocated KB/op |");
        s.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, t) in l.Workloads)
            s.AppendLine($"| {name} | {t.PerSecond:N0}/s | {N(1000 / t.PerSecond, "F3")} | {Ms(t.P(0.5))} | {Ms(t.P(0.99))} | {N(t.CpuMsPerOp, "F3")} | {N(t.MachineCpuMsPerOp, "F3")} | {N(t.KbPerOp, "F1")} |");
        s.AppendLine();
        s.AppendLine("Layers (differences of capacity, ms per filing):");
        s.AppendLine();
        double C(string w) => 1000 / l.Workloads[w].PerSecond;
        s.AppendLine("| layer | capacity ms/filing | process CPU ms/filing |");
        s.AppendLine("|---|---|---|");
        void Row(string what, string upper, string lower) =>
            s.AppendLine($"| {what} | {N(C(upper) - C(lower), "F3")} | {N(l.Workloads[upper].CpuMsPerOp - l.Workloads[lower].CpuMsPerOp, "F3")} |");
        s.AppendLine($"| PostgreSQL's insert and commit (pgbench) | {N(C("pgbench"), "F3")} | – |");
        Row("Npgsql client over pgbench", "npgsql", "pgbench");
        Row("Marten's filing writes (event, stream, 2 inline projections) over one Npgsql insert", "filing (Marten only)", "npgsql");
        Row("Wolverine: handler pipeline, transaction, decision, number", "filing (Wolverine)", "filing (Marten only)");
        Row("HTTP: Kestrel, HttpClient, JWT + caller, JSON, middleware", "filing (HTTP)", "filing (Wolverine)");
        s.AppendLine($"| (for scale) the same HTTP call answered without the database | {N(C("HTTP only (echo)"), "F3")} | {N(l.Workloads["HTTP only (echo)"].CpuMsPerOp, "F3")} |");
        s.AppendLine();
        s.AppendLine($"pg_stat_statements: {(l.StatStatements ? "loaded" : "not loaded in this cluster (it needs shared_preload_libraries and a restart, which a shared cluster does not get); the traced round below stands in for it")}.");
        s.AppendLine();
        s.AppendLine($"One traced round of filing over HTTP ({l.TracedFilings:N0} filings, every ActivitySource of the stack listened to; not timed with the others): " +
                     "operations per filing and their mean duration. Npgsql rows are round trips to PostgreSQL.");
        s.AppendLine();
        s.AppendLine("| source: operation | per filing | mean ms |");
        s.AppendLine("|---|---|---|");
        foreach (var t in l.Traced) s.AppendLine($"| {t.What.Replace("|", "\\|")} | {t.PerOperation:F2} | {t.MeanMs:F2} |");
        s.AppendLine();
    }

    private static void Mixed(StringBuilder s, MixedResult m, LimitResult? limit, BenchOptions o)
    {
        s.AppendLine($"## Mixed load ({o.MixedSeconds} s: filing at {o.Clients} clients; dispatch clock {m.DispatchSeconds} s, resolution {m.ResolutionSeconds} s, so every request falls due twice; two queue readers)");
        s.AppendLine();
        s.AppendLine("| measure | value | goal |");
        s.AppendLine("|---|---|---|");
        var solo = limit?.Filing.PerSecond;
        s.AppendLine($"| filing rate | {m.Filing.PerSecond:N0}/s{(solo is { } so ? $" = {m.Filing.PerSecond / so:P0} of filing alone ({so:N0}/s)" : "")} | ≥ 80 % of alone |");
        s.AppendLine($"| filing latency p50 / p99 | {Ms(m.Filing.P(0.5))} ms / {Ms(m.Filing.P(0.99))} ms | |");
        s.AppendLine($"| requests filed, escalations (dispatch + resolution), raised twice | {m.Requests:N0}, {m.Escalations:N0}, {m.Doubled} | 2 each, none twice |");
        s.AppendLine($"| escalation lateness p50 / p99 / max (committed, as heard by LISTEN) | {Ms(m.Lateness(0.5))} / {Ms(m.Lateness(0.99))} / {Ms(m.Lateness(1))} ms | p99 ≤ 1,000 ms |");
        foreach (var (name, t) in m.Reads)
            s.AppendLine($"| {name} read p50 / p95 ({t.Count:N0} reads) | {Ms(t.P(0.5))} / {Ms(t.P(0.95))} ms | p95 ≤ 20 ms |");
        s.AppendLine($"| process RSS after start / peak under load | {m.RssAfterStartMb:N0} MB / {m.RssPeakMb:N0} MB | ≤ 400 MB |");
        s.AppendLine();
        s.AppendLine("RSS is the benchmark process's: the service, its HTTP clients and the measurement together.");
        s.AppendLine();
    }

    private static void Burst(StringBuilder s, BurstResult b)
    {
        s.AppendLine($"## {b.Deadlines:N0} deadlines due at one instant");
        s.AppendLine();
        s.AppendLine("| measure | value | goal |");
        s.AppendLine("|---|---|---|");
        s.AppendLine($"| escalated, raised twice | {b.Escalated:N0} of {b.Deadlines:N0}, {b.Doubled} | all, none |");
        s.AppendLine($"| lateness p50 / p99 / max (committed, counted every 50 ms) | {Ms(b.P50Ms)} / {Ms(b.P99Ms)} / {Ms(b.MaxMs)} ms | p99 ≤ 2,000 ms |");
        s.AppendLine($"| process RSS before / peak during the sweep | {b.RssBeforeMb:N0} MB / {b.RssPeakMb:N0} MB | ≤ 400 MB |");
        s.AppendLine($"| managed heap before / peak during the sweep | {b.HeapBeforeMb:N0} MB / {b.HeapPeakMb:N0} MB | |");
        s.AppendLine($"| setting up: filing them through the handler, then their at-risk marks | {b.FilingTook.TotalSeconds:F0} s, {b.MarkingTook.TotalSeconds:F0} s | |");
        s.AppendLine();
    }

    private static void TenYears(StringBuilder s, TenYearsResult t, BenchOptions o)
    {
        s.AppendLine($"## A zone's ten years: {t.Requests:N0} requests");
        s.AppendLine();
        s.AppendLine(t.Seed is { } seed
            ? $"Seeded in this run by binary COPY into Marten's tables (streams, events, every snapshot version through the history trigger, the scorecards' outcomes): " +
              $"{seed.Requests:N0} requests, {seed.Events:N0} events in {seed.Took.TotalSeconds:N0} s, **{seed.RequestsPerSecond:N0} requests/s, {seed.EventsPerSecond:N0} events/s**; " +
              $"this process's CPU (deciding, folding, serializing) {seed.ProcessCpu.TotalSeconds:N0} s, the rest PostgreSQL's; " +
              $"histories from the service's own decisions, {seed.Refused:N0} stopped at a refused step."
            : "Seeded by an earlier run (kept database).");
        s.AppendLine();
        if (t.Rebuild is { } rebuild)
            s.AppendLine($"Scorecards' projection rebuilt from the events over the whole zone (`rebuild-scorecards`): **{rebuild.Outcomes:N0} request outcomes in {rebuild.Took.TotalSeconds:F1} s** ({rebuild.Outcomes / rebuild.Took.TotalSeconds:N0}/s).");
        s.AppendLine();
        s.AppendLine($"Requests by status: {string.Join(", ", t.Outcomes.Select(x => $"{x.Key} {x.Value:N0}"))}. Database size {t.DatabaseBytes / 1024.0 / 1024:N0} MB, {t.DatabaseBytes / (double)Math.Max(1, t.Outcomes.Values.Sum()) / 1024:F1} KB per request.");
        s.AppendLine();
        s.AppendLine($"| read, each alone at {o.Clients} concurrent readers | rate | p50 ms | p95 ms | goal | first read alone, ms |");
        s.AppendLine("|---|---|---|---|---|---|");
        foreach (var (name, r) in t.Reads)
            s.AppendLine($"| {name} | {r.PerSecond:N0}/s | {Ms(r.P(0.5))} | {Ms(r.P(0.95))} | p95 ≤ 20 ms | {Ms(t.FirstReads[name])} |");
        s.AppendLine();
        s.AppendLine("The first read of each comes before the rounds, alone: for scorecards and rankings it computes the period's figures, " +
            "which later reads use again while nothing they count is written (Scorecards/ScorecardCache checks on every read).");
        s.AppendLine();
    }

    private static void AsOf(StringBuilder s, IReadOnlyList<ListRead> reads, BenchOptions o)
    {
        s.AppendLine($"## The contested lists as of a past instant: {o.AsOfRequests:N0} requests over a year");
        s.AppendLine();
        s.AppendLine($"One client, {o.Reads} reads of each list today and as of an instant drawn at random in that year (goal: asOf p95 ≤ 100 ms).");
        s.AppendLine();
        s.AppendLine("| read | today p50 / p95 ms | asOf p50 / p95 ms |");
        s.AppendLine("|---|---|---|");
        foreach (var r in reads)
            s.AppendLine($"| {r.Name} | {Ms(r.Now.P(0.5))} / {Ms(r.Now.P(0.95))} | {Ms(r.AsOf.P(0.5))} / {Ms(r.AsOf.P(0.95))} |");
        s.AppendLine();
    }
}
