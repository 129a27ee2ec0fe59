using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// Filing over real HTTP (Kestrel on loopback): authentication, the directory lookup, the
/// event append with its inline snapshot and two durable deadlines, in one transaction each.
/// </summary>
public sealed class HttpFiling(string connectionString) : IWorkload
{
    private static readonly object Body = new
    {
        category = "Funding", title = "Need a working-capital loan",
        description = "Our enterprise needs a bridging loan of 5 million yuan for raw materials before the spring orders ship.",
    };
    private readonly BenchHost _host = new(connectionString);
    private HttpClient _http = null!;
    private string[] _tokens = [];

    public async Task PrepareAsync(int clients)
    {
        _host.UseKestrel(0);
        _host.StartServer();
        _tokens = (await _host.SeedContactsAsync(clients)).Select(BenchHost.TokenFor).ToArray();
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = _host.ClientOptions.BaseAddress };
    }

    public async Task OnceAsync(int client)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(Body) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[client]);
        using var response = await _http.SendAsync(post);
        if ((int)response.StatusCode != 201)
            throw new InvalidOperationException($"Filing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await _host.DisposeAsync();
    }
}
