using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Wolverine.Http;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// One input policy for every endpoint, applied before any endpoint runs, so no endpoint can
/// forget it (README, "Bad input"): text per <see cref="InputText"/> in query, route and header
/// values; enums by name only; a body says its Content-Type (415); a JSON body is read by
/// <see cref="JsonInput"/>'s rules. Each refusal is an <see cref="ApiProblem"/> naming the
/// field, answered by <see cref="ApiErrors"/>.
/// </summary>
public static class InputPolicy
{
    public static void AddInputPolicy(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureHttpJsonOptions(o => JsonInput.Configure(o.SerializerOptions));

    /// <summary>After authorization: a caller who may not call an endpoint learns nothing about its input.</summary>
    public static void UseInputPolicy(this WebApplication app) => app.UseMiddleware<InputPolicyMiddleware>();
}

internal sealed class InputPolicyMiddleware(RequestDelegate next, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly ConcurrentDictionary<Endpoint, EndpointInputs> _endpoints = new();

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        foreach (var (name, values) in request.Query) RefuseText("query parameter", name, values);
        foreach (var (name, value) in request.RouteValues) RefuseText("route value", name, value?.ToString());
        foreach (var (name, values) in request.Headers) RefuseText("header", name, values);

        var inputs = http.GetEndpoint() is { } endpoint ? _endpoints.GetOrAdd(endpoint, EndpointInputs.Of) : EndpointInputs.None;
        foreach (var (name, type) in inputs.Enums)
            if ((request.Query[name].FirstOrDefault() ?? request.RouteValues[name]?.ToString()) is { Length: > 0 } value && !EnumText.IsName(type, value))
                throw ApiProblem.Invalid(name, $"{name} has an unknown value '{value}'. {EnumText.Expected(type)}");

        RequireContentType(request, inputs.Accepts);
        if (inputs.JsonBody is { } bodyType)
        {
            // Read here once with the options Wolverine.Http reads with, so that a refusal names its
            // field in errors. (Wolverine's own reading catches the exception, logs it as an error
            // and answers a 400 naming the field only in its prose.) Wolverine then reads the
            // buffered body again, and cannot fail.
            request.EnableBuffering();
            var body = _json.GetTypeInfo(bodyType);
            try { await JsonSerializer.DeserializeAsync(request.Body, body, http.RequestAborted); }
            catch (JsonException e) { throw JsonInput.Refusal(e, body); }
            request.Body.Position = 0;
        }
        await next(http);
    }

    private static void RefuseText(string what, string name, StringValues values)
    {
        if (!InputText.IsAcceptable(name)) throw ApiProblem.Invalid(what, $"A {what} name is refused. {InputText.Rule}");
        foreach (var value in values)
            if (value is not null && !InputText.IsAcceptable(value)) throw ApiProblem.Invalid(name, $"{name} is refused. {InputText.Rule}");
    }

    /// <summary>415 when a body does not say what it is, or is not what the endpoint reads.</summary>
    private static void RequireContentType(HttpRequest request, IReadOnlyList<string> accepts)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        var fits = accepts.Count == 0
            ? !hasBody || !string.IsNullOrEmpty(type)
            : type is not null && accepts.Any(a => a.Equals(type, StringComparison.OrdinalIgnoreCase)
                || a == "application/json" && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!fits)
            throw new ApiProblem(415, "Unsupported media type",
                accepts.Count == 0 ? "A request body needs a Content-Type." : $"Send the body as {string.Join(" or ", accepts)}, and say so in Content-Type.",
                "Content-Type");
    }
}

/// <summary>What an endpoint reads, worked out once per endpoint from its metadata.</summary>
internal sealed record EndpointInputs(IReadOnlyList<string> Accepts, Type? JsonBody, IReadOnlyList<(string Name, Type Enum)> Enums)
{
    public static readonly EndpointInputs None = new([], null, []);

    public static EndpointInputs Of(Endpoint endpoint)
    {
        var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
        var types = accepts?.ContentTypes ?? [];
        var jsonBody = types.Contains("application/json") ? accepts!.RequestType : null;
        // Wolverine.Http binds simple parameters from the route or the query string by name, and
        // parses enums there with Enum.TryParse, which takes numbers.
        var parameters = endpoint.Metadata.GetMetadata<HttpChain>()?.Method.Method.GetParameters() ?? [];
        var enums = parameters
            .Select(p => (Name: p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.Type.IsEnum)
            .ToArray();
        return new EndpointInputs(types, jsonBody, enums);
    }
}
