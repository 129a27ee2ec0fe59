namespace ProjectTracker.Nodes;

/// <summary>
/// The run's shape. Requests are filed at an even pace over FilingSeconds; each one's dispatch
/// deadline falls due DispatchSeconds later, so deadlines fall due from DispatchSeconds to
/// FilingSeconds + DispatchSeconds. One node is killed KillShare of the way into that burst (while
/// filing still goes on) and restarted DownSeconds later.
/// </summary>
public sealed record Options(string Server, string Dll, int Requests, double FilingSeconds, double DispatchSeconds,
    double KillShare, double DownSeconds, double MarginSeconds, int Clients, string Results, bool KeepDatabase, int Milestones, bool PgOutage)
{
    /// <summary>From the start of filing to the kill.</summary>
    public double KillAfterSeconds => DispatchSeconds + KillShare * FilingSeconds;

    public static Options Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var here = AppContext.BaseDirectory;
        var repo = here[..here.IndexOf("/tests/", StringComparison.Ordinal)];
        var requests = int.Parse(Arg("--requests") ?? "1000");
        var dispatch = double.Parse(Arg("--dispatch-seconds") ?? "14.4", System.Globalization.CultureInfo.InvariantCulture);
        var down = double.Parse(Arg("--down-seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        var killShare = double.Parse(Arg("--kill-share") ?? "0.3", System.Globalization.CultureInfo.InvariantCulture);
        // Filing must outlast the kill and the restart, so the survivors are seen filing meanwhile;
        // and keep to about 150 filings a second, which three nodes on two shared cores sustain.
        var minimum = (dispatch + down + 5) / (1 - killShare);
        var filing = Arg("--filing-seconds") is { } f ? double.Parse(f, System.Globalization.CultureInfo.InvariantCulture)
            : Math.Ceiling(Math.Max(minimum, requests / 150.0));
        if (filing < minimum) throw new ArgumentException($"--filing-seconds must be at least {minimum:F0} so filing outlasts the restart.");
        return new Options(
            Arg("--postgres") ?? Environment.GetEnvironmentVariable("PT_NODES_POSTGRES") ?? "Host=127.0.0.1;Port=25432;Username=postgres",
            Arg("--dll") ?? Path.Combine(repo, "src", "ProjectTracker", "bin", "Release", "net10.0", "ProjectTracker.dll"),
            requests, filing, dispatch, killShare, down,
            double.Parse(Arg("--margin-seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Arg("--clients") ?? "24"),
            Arg("--results") ?? Path.Combine(repo, "tests", "ProjectTracker.Nodes", "results", "latest.md"),
            args.Contains("--keep-database"),
            int.Parse(Arg("--milestones") ?? Math.Max(60, requests / 20).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            args.Contains("--pg-outage"));
    }
}
