using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// Filing over real HTTP (Kestrel on loopback): authentication, the directory lookup, the
/// event append with its inline snapshot and two durable deadlines, in one transaction each.
/// </summary>
public static class HttpFiling
{
    public static async Task<Throughput> RunAsync(string connectionString, BenchOptions options)
    {
        await using var host = new BenchHost(connectionString);
        host.UseKestrel(0);
        host.StartServer();
        var contacts = await host.SeedContactsAsync(options.Clients);
        var address = host.ClientOptions.BaseAddress;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2 }) { BaseAddress = address };
        var body = new
        {
            category = "Funding", title = "Need a working-capital loan",
            description = "Our enterprise needs a bridging loan of 5 million yuan for raw materials before the spring orders ship.",
        };

        async Task<List<double>> Client(Guid contact, TimeSpan duration)
        {
            var token = BenchHost.TokenFor(contact);
            var latencies = new List<double>();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                using var post = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(body) };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(post);
                if ((int)response.StatusCode != 201)
                    throw new InvalidOperationException($"Filing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return latencies;
        }

        await Task.WhenAll(contacts.Select(c => Client(c, TimeSpan.FromSeconds(3)))); // warm-up: JIT, codegen, pools
        var clock = Stopwatch.StartNew();
        var all = await Task.WhenAll(contacts.Select(c => Client(c, TimeSpan.FromSeconds(options.Seconds))));
        clock.Stop();
        var latencies = all.SelectMany(l => l).ToArray();
        return new Throughput(latencies.Length, clock.Elapsed, latencies);
    }
}
