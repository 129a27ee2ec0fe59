using System.Text.Json;
using Alba;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>Short spellings for the HTTP calls scenarios make over and over; each asserts the status.</summary>
public static class ApiCalls
{
    /// <summary>
    /// <c>If-Match: *</c>: "whatever version there is". Scenarios about something other than
    /// concurrency send it; the concurrency contract itself is tested with real ETags
    /// (Infrastructure/ConcurrencyContractTests). Endpoints that create a record ignore it.
    /// </summary>
    public const string AnyVersion = "*";

    public static Task<IScenarioResult> Get(this Api api, string url, string? token, int status = 200, (string Name, string Value)[]? headers = null) =>
        api.Host.Get(url, token, status, headers);

    public static Task<IScenarioResult> Post(this Api api, string url, object? body, string? token, int status = 201, string? ifMatch = AnyVersion,
        (string Name, string Value)[]? headers = null) =>
        api.Host.Post(url, body, token, status, ifMatch, headers);

    public static Task<IScenarioResult> Put(this Api api, string url, object? body, string? token, int status = 200, string? ifMatch = AnyVersion,
        (string Name, string Value)[]? headers = null) =>
        api.Host.Put(url, body, token, status, ifMatch, headers);

    /// <summary>The same calls on another host (a second node on the same database).</summary>
    public static Task<IScenarioResult> Get(this IAlbaHost host, string url, string? token, int status = 200, (string Name, string Value)[]? headers = null) =>
        host.Scenario(s =>
        {
            s.Get.Url(url);
            if (token is not null) s.WithBearerToken(token);
            With(s, headers);
            s.StatusCodeShouldBe(status);
        });

    public static Task<IScenarioResult> Post(this IAlbaHost host, string url, object? body, string? token, int status = 201, string? ifMatch = AnyVersion,
        (string Name, string Value)[]? headers = null) =>
        host.Scenario(s =>
        {
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            if (body is null) s.Post.Url(url);
            else if (body is string raw) { To(s.Post.Text(raw), url); s.WithRequestHeader("Content-Type", "application/json"); }
            else To(s.Post.Json(body), url);
            if (token is not null) s.WithBearerToken(token);
            With(s, headers);
            s.StatusCodeShouldBe(status);
        });

    public static Task<IScenarioResult> Put(this IAlbaHost host, string url, object? body, string? token, int status = 200, string? ifMatch = AnyVersion,
        (string Name, string Value)[]? headers = null) =>
        host.Scenario(s =>
        {
            if (body is string raw) { To(s.Put.Text(raw), url); s.WithRequestHeader("Content-Type", "application/json"); }
            else To(s.Put.Json(body), url);
            if (token is not null) s.WithBearerToken(token);
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            With(s, headers);
            s.StatusCodeShouldBe(status);
        });

    /// <summary>Alba's <c>ToUrl</c> takes a path: a query in <paramref name="url"/> goes through <c>QueryString</c>, decoded once.</summary>
    private static void To(SendExpression send, string url)
    {
        var query = url.IndexOf('?');
        send.ToUrl(query < 0 ? url : url[..query]);
        if (query < 0) return;
        foreach (var (name, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url[query..]))
            foreach (var value in values) send.QueryString(name, value!);
    }

    /// <summary>Extra request headers (Idempotency-Key, a Content-Type other than JSON), set after the body's own so they win.</summary>
    private static void With(Scenario s, (string Name, string Value)[]? headers)
    {
        foreach (var (name, value) in headers ?? []) s.WithRequestHeader(name, value);
    }

    /// <summary>The messages a ProblemDetails gives for one field; fails unless its <c>errors</c> name that field.</summary>
    public static string[] ErrorsFor(this JsonElement problem, string field)
    {
        var messages = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var named) ? named : default;
        Assert.True(messages.ValueKind == JsonValueKind.Array, $"The problem does not name {field} in errors: {problem}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    /// <summary>Any method, any body, whatever the answer: for tests that look at the status themselves.</summary>
    public static Task<IScenarioResult> Send(this Api api, string method, string url, string? body, string? contentType, string? token,
        string? ifMatch = null) =>
        api.Host.Scenario(s =>
        {
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            switch (method)
            {
                case "GET": s.Get.Url(url); break;
                case "POST": s.Post.Text(body ?? "").ToUrl(url); break;
                case "PUT": s.Put.Text(body ?? "").ToUrl(url); break;
                case "DELETE": s.Delete.Url(url); break;
                default: throw new ArgumentOutOfRangeException(nameof(method), method, null);
            }
            if (contentType is not null) s.WithRequestHeader("Content-Type", contentType);
            if (token is not null) s.WithBearerToken(token);
            s.IgnoreStatusCode();
        });

    public static async Task<T> Json<T>(this Task<IScenarioResult> call) => (await (await call).ReadAsJsonAsync<T>())!;

    public static async Task<JsonElement> Json(this Task<IScenarioResult> call) =>
        JsonDocument.Parse(await (await call).ReadAsTextAsync()).RootElement.Clone();
}
