using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.BadInput;

/// <summary>What a schema in the document describes, as far as bad input is concerned.</summary>
public enum FieldKind { Text, Uuid, Date, DateTime, Integer, Number, Boolean, Enum, Array, Object }

/// <summary>One parameter of an operation (path, query or header) and its schema.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>One operation of <c>/openapi/v1.json</c>, as the corpus and the document checks read it.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, IReadOnlyList<string> BodyTypes,
    JsonElement? JsonBody, string? JsonBodyName, IReadOnlySet<string> Documented)
{
    public string Key => $"{Method} {Path}";
    public IEnumerable<ApiParameter> In(string where) => Parameters.Where(p => p.In == where);
}

/// <summary>
/// The service's OpenAPI document, walked per operation (the access matrix's approach): every
/// operation, its parameters, its JSON body's schema resolved through <c>$ref</c> and nullable
/// <c>oneOf</c>, and a sample body each schema accepts, with ids chosen by the caller so they exist.
/// </summary>
public sealed class ApiDocument(JsonElement root)
{
    private readonly JsonElement _schemas = root.GetProperty("components").GetProperty("schemas");

    public static async Task<ApiDocument> LoadAsync(Api api) => new(await api.Get("/openapi/v1.json", token: null).Json());

    public IReadOnlyList<ApiOperation> Operations => [.. root.GetProperty("paths").EnumerateObject().SelectMany(path =>
        path.Value.EnumerateObject().Select(op => Read(path.Name, op.Name, op.Value)))];

    private ApiOperation Read(string path, string method, JsonElement op)
    {
        var parameters = op.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Select(p => new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                p.TryGetProperty("required", out var r) && r.GetBoolean(), p.TryGetProperty("schema", out var s) ? s : default)).ToArray()
            : [];
        string[] types = [];
        JsonElement? json = null;
        string? jsonName = null;
        if (op.TryGetProperty("requestBody", out var body))
        {
            var content = body.GetProperty("content");
            types = [.. content.EnumerateObject().Select(c => c.Name)];
            if (content.TryGetProperty("application/json", out var media) && media.TryGetProperty("schema", out var schema)
                && Resolve(schema) is var resolved && Kind(resolved) == FieldKind.Object)
                (json, jsonName) = (resolved, RefName(schema));
        }
        var documented = op.TryGetProperty("responses", out var responses) ? responses.EnumerateObject().Select(r => r.Name).ToHashSet() : [];
        return new ApiOperation(method.ToUpperInvariant(), path, parameters, types, json, jsonName, documented);
    }

    /// <summary>The schema behind a <c>$ref</c>, and the non-null branch of a nullable <c>oneOf</c>.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (true)
        {
            if (schema.TryGetProperty("$ref", out var reference)) schema = _schemas.GetProperty(SchemaName(reference.GetString()!));
            else if (schema.TryGetProperty("oneOf", out var oneOf)) schema = oneOf.EnumerateArray().First(s => !IsNullType(s));
            else return schema;
        }
    }

    /// <summary>The component's name a property or body refers to (<c>DispatchTaskInput</c>), for the corpus's exceptions.</summary>
    public static string? RefName(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r) ? SchemaName(r.GetString()!)
        : schema.TryGetProperty("oneOf", out var oneOf) ? oneOf.EnumerateArray().Select(RefName).FirstOrDefault(n => n is not null)
        : null;

    private static string SchemaName(string reference) => reference.Split('/')[^1];

    private static bool IsNullType(JsonElement s) => s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    public FieldKind Kind(JsonElement schema)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out _)) return FieldKind.Enum;
        // Several types (a number readable from a string): the most specific one.
        string[] types = !schema.TryGetProperty("type", out var t) ? ["object"]
            : t.ValueKind == JsonValueKind.Array ? [.. t.EnumerateArray().Select(x => x.GetString()!)] : [t.GetString()!];
        var type = new[] { "integer", "number", "boolean", "array", "object", "string" }.FirstOrDefault(types.Contains) ?? "string";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "object" => FieldKind.Object,
            "array" => FieldKind.Array,
            "integer" => FieldKind.Integer,
            "number" => FieldKind.Number,
            "boolean" => FieldKind.Boolean,
            _ => format switch { "uuid" => FieldKind.Uuid, "date" => FieldKind.Date, "date-time" => FieldKind.DateTime, _ => FieldKind.Text },
        };
    }

    public IEnumerable<string> EnumNames(JsonElement schema) =>
        Resolve(schema).GetProperty("enum").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!);

    public IEnumerable<(string Name, JsonElement Schema)> Properties(JsonElement schema) =>
        Resolve(schema).TryGetProperty("properties", out var ps) ? ps.EnumerateObject().Select(p => (p.Name, p.Value)) : [];

    public IReadOnlySet<string> Required(JsonElement schema) =>
        Resolve(schema).TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : new HashSet<string>();

    public JsonElement Items(JsonElement schema) => Resolve(schema).GetProperty("items");

    /// <summary>
    /// A value the schema accepts; ids by the property's name (<paramref name="idFor"/>), so
    /// references exist, and any value by it where the name says more than the type (<paramref name="valueFor"/>).
    /// </summary>
    public JsonNode? Sample(JsonElement schema, string name, Func<string, Guid> idFor, Func<string, FieldKind, JsonNode?> valueFor) => valueFor(name, Kind(schema)) ?? (Kind(schema) switch
    {
        FieldKind.Object => new JsonObject(Properties(schema).Select(p => KeyValuePair.Create(p.Name, Sample(p.Schema, p.Name, idFor, valueFor)))),
        FieldKind.Array => new JsonArray(Sample(Items(schema), name, idFor, valueFor)),
        FieldKind.Enum => JsonValue.Create(EnumNames(schema).First()),
        FieldKind.Integer => JsonValue.Create(1),
        FieldKind.Number => JsonValue.Create(1_000_000),
        FieldKind.Boolean => JsonValue.Create(true),
        FieldKind.Uuid => JsonValue.Create(idFor(name)),
        FieldKind.Date => JsonValue.Create("2030-06-01"),
        FieldKind.DateTime => JsonValue.Create("2030-03-05T12:00:00+08:00"),
        _ => JsonValue.Create("Bad-input corpus"),
    });
}
