using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// A request body's field is required in the document exactly when the endpoint refuses its
/// absence. Input records take every field as nullable and leave the refusing to the endpoint's
/// <c>Validate</c> (Wolverine.Http runs it before the endpoint), so the generator's guess (every
/// constructor parameter) says nothing. Instead each input type is probed once: its validators
/// are run on an empty body (<c>{}</c>), and on one whose lists hold one empty item
/// (<c>{"tasks":[{}]}</c>), and the fields they name are the required ones (for a type several
/// endpoints read, those all of them require). An input no <c>Validate</c> reads (the calendar
/// load reads its own body) marks nothing required: less than the truth, never more.
/// (<c>ApiDocumentTruthTests</c> checks the result against the running endpoints.)
/// </summary>
internal sealed class RequiredAsValidated : IOpenApiSchemaTransformer
{
    private readonly ConcurrentDictionary<JsonSerializerOptions, IReadOnlyDictionary<Type, HashSet<string>>> _probed = new();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object) return Task.CompletedTask;
        var required = _probed.GetOrAdd(context.JsonTypeInfo.Options, options => Probe(options, context.ApplicationServices));
        if (required.TryGetValue(context.JsonTypeInfo.Type, out var fields))
            schema.Required = fields.Count == 0 ? null : new HashSet<string>(fields.Order());
        return Task.CompletedTask;
    }

    /// <summary>Every input type (request bodies and the objects inside them) → the fields its validators refuse to miss.</summary>
    private static Dictionary<Type, HashSet<string>> Probe(JsonSerializerOptions options, IServiceProvider services)
    {
        var bodies = services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType).OfType<Type>().Distinct().ToArray();
        var required = new Dictionary<Type, HashSet<string>?>();   // null: no validator read it
        foreach (var body in bodies)
        {
            var info = options.GetTypeInfo(body);
            if (info.Kind != JsonTypeInfoKind.Object) continue;
            var nested = Nested(info).ToArray();
            required.TryAdd(body, null);
            foreach (var (_, type, _) in nested) required.TryAdd(type, null);

            var validators = typeof(ApiDocs).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Where(m => m.Name == "Validate" && m.ReturnType == typeof(ProblemDetails) && m.GetParameters() is [var first, ..] && first.ParameterType == body)
                .ToArray();
            if (validators.Length == 0) continue;

            Narrow(required, body, validators.Select(v => Named(v, Empty(options, body, "{}"), "")));
            foreach (var (name, type, list) in nested)
            {
                var probe = Empty(options, body, list ? $"{{\"{name}\":[{{}}]}}" : $"{{\"{name}\":{{}}}}");
                Narrow(required, type, validators.Select(v => Named(v, probe, list ? $"{name}[0]." : $"{name}.")));
            }
        }
        return required.ToDictionary(r => r.Key, r => r.Value ?? []);
    }

    /// <summary>Object-valued properties and lists of objects: (JSON name, object type, is a list).</summary>
    private static IEnumerable<(string Name, Type Type, bool List)> Nested(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            var type = info.Options.GetTypeInfo(property.PropertyType);
            if (type.Kind == JsonTypeInfoKind.Object) yield return (property.Name, type.Type, false);
            else if (type.Kind == JsonTypeInfoKind.Enumerable && type.ElementType is { } element
                && info.Options.GetTypeInfo(element).Kind == JsonTypeInfoKind.Object)
                yield return (property.Name, Nullable.GetUnderlyingType(element) ?? element, true);
        }
    }

    private static object Empty(JsonSerializerOptions options, Type type, string json) => JsonSerializer.Deserialize(json, type, options)!;

    /// <summary>The fields a validator names on the body, under <paramref name="prefix"/>; null when it cannot be run here.</summary>
    private static HashSet<string>? Named(MethodInfo validator, object body, string prefix)
    {
        try
        {
            var args = validator.GetParameters().Select((p, i) => i == 0 ? body : p.ParameterType == typeof(HttpContext) ? new DefaultHttpContext() : null).ToArray();
            return validator.Invoke(null, args) is ProblemDetails { } problem && problem.Extensions.TryGetValue("errors", out var errors)
                && errors is IDictionary<string, string[]> named
                ? [.. named.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Where(k => !k.Contains('.') && !k.Contains('['))]
                : [];
        }
        catch (TargetInvocationException)
        {
            return null;   // it needs more than a body: it decides nothing here
        }
    }

    private static void Narrow(Dictionary<Type, HashSet<string>?> required, Type type, IEnumerable<HashSet<string>?> verdicts)
    {
        var known = verdicts.OfType<HashSet<string>>().ToArray();
        if (known.Length == 0) return;
        var all = known.Skip(1).Aggregate(new HashSet<string>(known[0]), (acc, v) => { acc.IntersectWith(v); return acc; });
        // A type read by several bodies: what every one of them requires.
        required[type] = required.GetValueOrDefault(type) is { } before ? [.. before.Intersect(all)] : all;
    }
}
