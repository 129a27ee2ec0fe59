using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ProjectTracker.Tests.Operations;

/// <summary>
/// The built service (ProjectTracker.dll, copied beside the tests) run as an operator runs it: a
/// process of its own with only the settings given here (none inherited: no ASPNETCORE_*,
/// ConnectionStrings__*, Auth__* or OTEL_* from the test runner's environment).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string ProductionKey = "production-test-key-0123456789-0123456789-abcdef";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }
    public int Pid => _process.Id;
    public Uri? Address { get; private init; }

    /// <summary>Production settings on <paramref name="connectionString"/>, with <paramref name="more"/> on top (a null value removes one).</summary>
    public static Dictionary<string, string?> Production(string? connectionString, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Marten"] = connectionString,
            ["Auth__SigningKey"] = ProductionKey,
        };
        foreach (var (k, v) in more) settings[k] = v;
        return settings;
    }

    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ProjectTracker.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.ToList())
            if (key.StartsWith("ASPNETCORE_") || key.StartsWith("DOTNET_ENVIRONMENT") || key.StartsWith("ConnectionStrings__")
                || key.StartsWith("Auth__") || key.StartsWith("OTEL_"))
                info.Environment.Remove(key);
        foreach (var (k, v) in settings)
            if (v is null) info.Environment.Remove(k); else info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (service._output) service._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (service._output) service._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The service itself, listening on a free loopback port.</summary>
    public static ServiceProcess Serve(IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var service = Start(new Dictionary<string, string?>(settings) { ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/') });
        return new ServiceProcess(service) { Address = address };
    }

    private ServiceProcess(ServiceProcess started) : this(started._process) => _output = started._output;

    /// <summary>A command run to its end: its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        await using var command = Start(settings, args);
        var exit = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, command.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Polls /health/ready until 200; answers the time it took from the process's start.</summary>
    public async Task<TimeSpan> WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the service exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var r = await http.GetAsync(new Uri(Address!, "/health/ready"));
                if (r.IsSuccessStatusCode) return DateTime.Now - _process.StartTime;
            }
            catch (HttpRequestException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"not ready after {timeout}:\n{Output}");
    }

    /// <summary>SIGTERM, as systemd, Docker or Kubernetes stop a service.</summary>
    public void Terminate() => Kill(_process.Id, 15);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
