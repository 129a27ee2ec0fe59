using System.Diagnostics;

namespace ProjectTracker.Nodes;

/// <summary>One service process (the built dll) on its own port; its output goes to a log file.</summary>
public sealed class Node(int number, int port, string dll, IReadOnlyDictionary<string, string> environment, string logDirectory) : IDisposable
{
    private Process? _process;
    private StreamWriter? _log;

    public int Number { get; } = number;
    public int Port { get; } = port;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");
    public string LogPath { get; } = Path.Combine(logDirectory, $"node{number}.log");
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;
    /// <summary>Taken out of the filing rotation (killed, or not ready yet).</summary>
    public volatile bool Up;

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (k, v) in environment) info.Environment[k] = v;
        _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _log.WriteLine($"==== {DateTimeOffset.UtcNow:O} starting node {Number} on port {Port}");
        var p = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var log = _log;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
    }

    /// <summary>SIGKILL: no shutdown, no flush, connections dropped by the kernel.</summary>
    public void Kill()
    {
        Up = false;
        if (_process is not { HasExited: false } p) return;
        // Process.Kill sends SIGKILL on Unix.
        p.Kill(entireProcessTree: false);
        p.WaitForExit(5000);
        lock (_log!) _log.WriteLine($"==== {DateTimeOffset.UtcNow:O} node {Number} killed with SIGKILL");
    }

    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process is { HasExited: true } p)
                throw new InvalidOperationException($"node {Number} exited with {p.ExitCode}; see {LogPath}");
            try
            {
                using var r = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (r.IsSuccessStatusCode) { Up = true; return; }
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"node {Number} not ready after {timeout.TotalSeconds:F0}s; see {LogPath}");
    }

    public void Dispose()
    {
        try { if (_process is { HasExited: false } p) { p.Kill(); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
        _process?.Dispose();
        _log?.Dispose();
    }
}
