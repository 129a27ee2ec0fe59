using System.Net;
using System.Net.Sockets;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>
/// A loopback TCP relay in front of PostgreSQL: taking it down cuts every connection through it and
/// refuses new ones, as a database restart does to the service; bringing it up lets them through again.
/// </summary>
public sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    private TcpListener? _listener;
    private CancellationTokenSource _down = new();
    public int Port { get; private set; }

    public void Up()
    {
        if (!_down.IsCancellationRequested && _listener is not null) return;   // up already
        _down = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _down.Token);
    }

    public void Down()
    {
        _down.Cancel();
        _listener?.Stop();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken down)
    {
        while (!down.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(down); }
            catch (Exception) { return; }
            _ = RelayAsync(client, down);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken down)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(targetHost, targetPort, down);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(down);
                await Task.WhenAny(client.GetStream().CopyToAsync(server.GetStream(), both.Token), server.GetStream().CopyToAsync(client.GetStream(), both.Token));
                both.Cancel();
            }
            catch (Exception) { /* cut: that is the point */ }
        }
    }

    public ValueTask DisposeAsync() { Down(); return ValueTask.CompletedTask; }
}
