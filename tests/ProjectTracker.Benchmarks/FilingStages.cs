using System.Net.Http.Headers;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Filing;
using Wolverine;
using Wolverine.Http;

namespace ProjectTracker.Benchmarks;

/// <summary>
/// Filing, and filing with layers taken off, all on one host and one database, so the
/// differences between them say where a filing's time goes:
/// HTTP (Kestrel on loopback, HttpClient, JWT and the directory's caller, JSON in and out, the
/// middleware) → Wolverine (handler pipeline, transaction, the decision, the number) → Marten
/// (the batch: event, stream, inline Request snapshot and RequestOutcome; the commit).
/// </summary>
public sealed class FilingHost(string connectionString) : IAsyncDisposable
{
    public static readonly FileRequestInput Input = new(Category.Funding, "Need a working-capital loan",
        "Our enterprise needs a bridging loan of 5 million yuan for raw materials before the spring orders ship.", null, null);

    /// <summary>The body as a client sends it (enums by name), serialized once: the client's cost is not the service's.</summary>
    public static readonly byte[] Body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Input,
        new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });

    public static HttpContent Content() => new ByteArrayContent(Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    public BenchHost Host { get; } = new(connectionString, echo: true);
    public HttpClient Http { get; private set; } = null!;
    public Guid[] Contacts { get; private set; } = [];
    public string[] Tokens { get; private set; } = [];
    private bool _started;

    public async Task StartAsync(int clients)
    {
        if (_started) return;
        _started = true;
        Host.UseKestrel(0);
        Host.StartServer();
        Contacts = await Host.SeedContactsAsync(clients);
        Tokens = Contacts.Select(BenchHost.TokenFor).ToArray();
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = Host.ClientOptions.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>POST /api/requests: the whole thing, as a client sees it.</summary>
public sealed class HttpFiling(FilingHost host, string name = "filing (HTTP)") : IWorkload
{
    public string Name => name;
    public Task PrepareAsync(int clients) => host.StartAsync(clients);

    public async Task OnceAsync(int client)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = FilingHost.Content() };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Tokens[client]);
        using var response = await host.Http.SendAsync(post);
        if ((int)response.StatusCode != 201)
            throw new InvalidOperationException($"Filing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The same HTTP call with the same body, token and middleware, answered without touching the database.</summary>
public sealed class HttpEcho(FilingHost host) : IWorkload
{
    public string Name => "HTTP only (echo)";
    public Task PrepareAsync(int clients) => host.StartAsync(clients);

    public async Task OnceAsync(int client)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, EchoEndpoint.Route) { Content = FilingHost.Content() };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Tokens[client]);
        using var response = await host.Http.SendAsync(post);
        if ((int)response.StatusCode != 201)
            throw new InvalidOperationException($"Echo answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await response.Content.ReadAsByteArrayAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Wolverine-only benchmark endpoint: authenticated, reads and validates the filing body, answers it back.</summary>
public static class EchoEndpoint
{
    public const string Route = "/bench/echo";

    /// <summary>The filing endpoint's own validation (Wolverine runs it before the endpoint).</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Validate(FileRequestInput? body, HttpContext http) => FileRequestEndpoint.Validate(body, http);

    [WolverinePost(Route), Authorize(Roles = Roles.Contact)]
    public static IResult Post(FileRequestInput body, HttpContext http) => TypedResults.Created($"/bench/echo/{http.UserId()}", body);
}

/// <summary>The filing command through Wolverine in process: no HTTP, no token, no JSON.</summary>
public sealed class BusFiling(FilingHost host) : IWorkload
{
    public string Name => "filing (Wolverine)";
    public Task PrepareAsync(int clients) => host.StartAsync(clients);

    public async Task OnceAsync(int client)
    {
        await using var scope = host.Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>()
            .InvokeAsync<Request>(new FileRequest(Guid.CreateVersion7(), host.Contacts[client], FilingHost.Input));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// The filing's writes alone: the event the decision makes (made here once per call, the pure
/// decision on the kept directory entry) appended in a Marten session with its inline
/// projections, and committed. No Wolverine, no HTTP.
/// </summary>
public sealed class MartenFiling(FilingHost host) : IWorkload
{
    private IDocumentStore _store = null!;
    private DeadlinePolicy _policy = null!;
    private FilingDirectory _directory = null!;
    private RequestNumbers _numbers = null!;
    private TimeProvider _clock = null!;

    public string Name => "filing (Marten only)";

    public async Task PrepareAsync(int clients)
    {
        await host.StartAsync(clients);
        var s = host.Host.Services;
        (_store, _policy, _directory, _numbers, _clock) = (s.GetRequiredService<IDocumentStore>(), s.GetRequiredService<DeadlinePolicy>(),
            s.GetRequiredService<FilingDirectory>(), s.GetRequiredService<RequestNumbers>(), s.GetRequiredService<TimeProvider>());
    }

    public async Task OnceAsync(int client)
    {
        await using var session = _store.LightweightSession();
        var (contact, enterprise, routing) = await _directory.ForContactAsync(session, host.Contacts[client], default);
        var now = _clock.GetUtcNow();
        var filed = FileRequestHandler.Decide(new FileRequest(Guid.CreateVersion7(), host.Contacts[client], FilingHost.Input),
            contact, enterprise, null, routing, now, _policy) with { Number = RequestNumbers.Format(await _numbers.NextAsync(default), now) };
        session.Events.StartStream<Request>(filed.RequestId, filed);
        await session.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
