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
        RefuseMalformedQuery(request.QueryString);
        foreach (var (name, values) in request.Query) RefuseText("query parameter", name, values);
        foreach (var (name, value) in request.RouteValues) RefuseText("route value", name, value?.ToString());
        foreach (var (name, values) in request.Headers) RefuseText("header", name, values);

        var inputs = http.GetEndpoint() is { } endpoint ? _endpoints.GetOrAdd(endpoint, EndpointInputs.Of) : EndpointInputs.None;
        foreach (var (name, type) in inputs.Enums)
            if ((request.Query[name].FirstOrDefault() ?? request.RouteValues[name]?.ToString()) is { Length: > 0 } value && !EnumText.IsName(type, value))
                throw ApiProblem.Invalid(name, $"{name} has an unknown value '{value}'. {EnumText.Expected(type)}");
        // Wolverine.Http answers a route value it cannot parse (/api/requests/not-a-guid) with a
        // bare 404: it is malformed input, like a query value it cannot parse.
        foreach (var (name, type, parses) in inputs.TypedRouteValues)
            if (request.RouteValues[name]?.ToString() is { } value && !parses(value))
                throw ApiProblem.Invalid(name, $"{name} must be {Describe(type)}.");

        RequireContentType(request, inputs.Accepts);
        if (inputs.JsonBody is { } bodyType && IsJson(request.ContentType))
        {
            // Read here once with the options Wolverine.Http reads with, so that a refusal names its
            // field in errors. (Wolverine's own reading catches the exception, logs it as an error
            // and answers a 400 naming the field only in its prose.) Wolverine then reads the
            // buffered body again, and cannot fail. The body is within its size limit (BodyLimits).
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, http.RequestAborted);
            var body = _json.GetTypeInfo(bodyType);
            try { JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), body); }
            catch (JsonException e) { throw JsonInput.Refusal(e, body); }
            // A value is checked as it is read, but an ignored member (its key too) is only skipped.
            if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
                throw ApiProblem.Invalid("body", "The body is not UTF-8 text.");
            request.Body.Position = 0;
        }
        await next(http);
    }

    private static bool IsJson(string? contentType) =>
        contentType?.Split(';')[0].Trim() is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string Describe(Type type) =>
        type == typeof(Guid) ? "an id (a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301)" : $"a {type.Name}";

    /// <summary>
    /// A query string whose escapes decode to bytes that are not UTF-8 (<c>?q=%FF</c>): ASP.NET
    /// Core would read them as U+FFFD and search for that.
    /// </summary>
    private static void RefuseMalformedQuery(QueryString query)
    {
        if (!query.HasValue || !query.Value!.Contains('%')) return;
        foreach (var pair in query.Value.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (!IsUtf8(pair)) throw ApiProblem.Invalid(name, $"{name} is not UTF-8 text once its %-escapes are decoded.");
        }
    }

    private static bool IsUtf8(string escaped)
    {
        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
            if (escaped[i] == '%' && i + 2 < escaped.Length && byte.TryParse(escaped.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(escaped[i].ToString()));
        return System.Text.Unicode.Utf8.IsValid(bytes.ToArray());
    }

    private static void RefuseText(string what, string name, StringValues values)
    {
        if (!InputText.IsAcceptable(name)) throw ApiProblem.Invalid(what, $"A {what} name is refused. {InputText.Rule}");
        foreach (var value in values)
            if (value is not null && !InputText.IsAcceptable(value)) throw ApiProblem.Invalid(name, $"{name} is refused. {InputText.Rule}");
    }

    /// <summary>
    /// 415 when a body does not say what it is, or is not what the endpoint reads. An endpoint that
    /// reads no body never looks at one, so it refuses none (and its document lists no 415).
    /// </summary>
    private static void RequireContentType(HttpRequest request, IReadOnlyList<string> accepts)
    {
        if (accepts.Count == 0) return;
        var type = request.ContentType?.Split(';')[0].Trim();
        var fits = type is not null && accepts.Any(a => a.Equals(type, StringComparison.OrdinalIgnoreCase)
            || a == "application/json" && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!fits)
            throw new ApiProblem(415, "Unsupported media type", $"Send the body as {string.Join(" or ", accepts)}, and say so in Content-Type.", "Content-Type");
    }
}

/// <summary>What an endpoint reads, worked out once per endpoint from its metadata.</summary>
internal sealed record EndpointInputs(IReadOnlyList<string> Accepts, Type? JsonBody, IReadOnlyList<(string Name, Type Enum)> Enums,
    IReadOnlyList<(string Name, Type Type, Func<string, bool> Parses)> TypedRouteValues)
{
    public static readonly EndpointInputs None = new([], null, [], []);

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
        var route = (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var typed = parameters
            .Where(p => route.Contains(p.Name!) && p.ParameterType != typeof(string) && !p.ParameterType.IsEnum)
            .Select(p => (p.Name!, p.ParameterType, Parser(p.ParameterType)))
            .Where(p => p.Item3 is not null)
            .Select(p => (p.Item1, p.Item2, p.Item3!))
            .ToArray();
        return new EndpointInputs(types, jsonBody, enums, typed);
    }

    /// <summary>The type's own invariant parse (IParsable: Guid, int, DateOnly ...), as Wolverine.Http binds it.</summary>
    private static Func<string, bool>? Parser(Type type)
    {
        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        return tryParse is null ? null : value => (bool)tryParse.Invoke(null, [value, System.Globalization.CultureInfo.InvariantCulture, null])!;
    }
}
