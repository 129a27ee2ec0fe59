namespace ProjectTracker.Benchmarks;

/// <summary>
/// CPU time the whole machine spent busy (all processes: PostgreSQL, this one, the neighbours'),
/// from /proc/stat. Per operation it says what a filing costs the machine, not just this process.
/// </summary>
public static class MachineCpu
{
    public static TimeSpan Busy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
        var ticks = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(f[i]));
        return TimeSpan.FromSeconds(ticks / 100.0);   // USER_HZ
    }
}
