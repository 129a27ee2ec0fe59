using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Tests.BadInput;

/// <summary>One bad call: what is sent, and what the answer must name.</summary>
public sealed record BadCase(string Name, string Method, string Url, byte[]? Body, string? ContentType, IReadOnlyDictionary<string, string> Headers,
    int? Status, string Names, bool NamedInTextToo)
{
    /// <summary>Status expected: the case's own, else 400.</summary>
    public int ExpectedStatus => Status ?? 400;
}

/// <summary>
/// The committed corpus (<c>corpus.json</c>) turned into calls for one operation of the API
/// document: field cases for every field of its JSON body (from the body's schema, nested ones
/// included), body and Content-Type cases, path, query and header cases, and the cases every
/// operation gets. The sample body around a broken field is valid and names real records, so
/// the refusal is the broken field's and not a 404.
/// </summary>
public sealed class Corpus
{
    private const string Placeholder = "@@corpus-value@@";
    private readonly JsonElement _root;

    private Corpus(JsonElement root) => _root = root;

    public static Corpus Load() =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "BadInput", "corpus.json"))).RootElement.Clone());

    /// <summary>Longer than any text limit (<see cref="Limits"/>), so any text field must refuse it.</summary>
    public static readonly int Oversized = typeof(Limits).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(int) && f.Name != nameof(Limits.PageSizeMax))
        .Max(f => (int)f.GetRawConstantValue()!) + 1;

    /// <param name="url">The operation's path with real ids filled in.</param>
    /// <param name="fill">A path parameter's real value.</param>
    /// <param name="sample">A valid body, or null when the operation reads none as JSON.</param>
    public IEnumerable<BadCase> For(ApiDocument doc, ApiOperation op, Func<string, string> fill, JsonObject? sample, string? bodySchemaName,
        IReadOnlyDictionary<string, string> headers)
    {
        var url = Fill(op.Path, fill);
        BadCase Case(string name, string? sendUrl = null, byte[]? body = null, string? contentType = null, int? status = null, string names = "body",
            bool inText = true, IReadOnlyDictionary<string, string>? extraHeaders = null) =>
            new(name, op.Method, sendUrl ?? url, body, contentType, extraHeaders is null ? headers : Merge(headers, extraHeaders), status, names, inText);
        var validBody = sample is null ? null : Encoding.UTF8.GetBytes(sample.ToJsonString());
        var validType = sample is null ? null : "application/json";

        foreach (var c in _root.GetProperty("everyOperation").EnumerateArray())
        {
            var name = c.GetProperty("case").GetString()!;
            if (c.TryGetProperty("query", out var q))
                yield return Case(name, url + "?" + q.GetString(), validBody, validType, names: c.GetProperty("names").GetString()!, inText: false);
            else
                yield return Case(name, body: validBody, contentType: validType, names: c.GetProperty("names").GetString()!, inText: false,
                    extraHeaders: new Dictionary<string, string> { [c.GetProperty("header").GetString()!] = c.GetProperty("value").GetString()! });
        }

        foreach (var p in op.In("path"))
        foreach (var value in Values(_root.GetProperty("path"), doc.Kind(p.Schema)))
            yield return Case($"path {p.Name}={value}", Fill(op.Path, n => n == p.Name ? value : fill(n)), validBody, validType, names: p.Name, inText: false);

        foreach (var p in op.In("query"))
        {
            var kind = doc.Kind(p.Schema);
            var values = Values(_root.GetProperty("query"), kind);
            if (p.Name == "pageSize") values = [.. values, .. Strings(_root.GetProperty("query").GetProperty("pageSize"))];
            foreach (var value in values)
                yield return Case($"query {p.Name}={Short(value)}", $"{url}?{p.Name}={value}", validBody, validType, names: p.Name, inText: false);
        }

        foreach (var p in op.In("header"))
            if (_root.GetProperty("headers").TryGetProperty(p.Name, out var values))
                foreach (var value in Strings(values).Select(Expand))
                    yield return Case($"header {p.Name}: {Short(value)}", body: validBody, contentType: validType, names: p.Name, inText: false,
                        extraHeaders: new Dictionary<string, string> { [p.Name] = value });

        if (op.BodyTypes.Count > 0)
            foreach (var c in _root.GetProperty("contentTypes").EnumerateArray())
            {
                var type = c.GetProperty("contentType").GetString();
                if (type is not null && op.BodyTypes.Contains(type)) continue;
                yield return Case($"Content-Type: {Short(type ?? "(none)")}", body: validBody ?? "x"u8.ToArray(), contentType: type,
                    status: c.TryGetProperty("status", out var s) ? s.GetInt32() : 415, names: "Content-Type");
            }

        if (sample is null) yield break;
        foreach (var c in _root.GetProperty("bodies").EnumerateArray())
        {
            var name = c.GetProperty("case").GetString()!;
            int? status = c.TryGetProperty("status", out var s) ? s.GetInt32() : null;
            var generate = c.TryGetProperty("generate", out var g) ? g.GetString() : null;
            if (generate == "duplicate-first-key")
            {
                var first = sample.First();
                var json = sample.ToJsonString();
                var twice = "{" + JsonSerializer.Serialize(first.Key) + ":" + (first.Value?.ToJsonString() ?? "null") + "," + json[1..];
                yield return Case(name, body: Encoding.UTF8.GetBytes(twice), contentType: "application/json", names: first.Key, inText: false);
                continue;
            }
            var body = generate switch
            {
                "deep-nesting" => Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)),
                "oversized-body" => Encoding.UTF8.GetBytes("{\"x\":\"" + new string('x', (int)BodyLimits.Json + 1) + "\"}"),
                null => Bytes(c),
                _ => throw new InvalidOperationException($"corpus.json: no generator '{generate}'"),
            };
            yield return Case(name, body: body, contentType: "application/json", status: status, names: c.GetProperty("names").GetString()!);
        }

        foreach (var c in FieldCases(doc, op.JsonBody!.Value, bodySchemaName, sample, "", sample))
            yield return c with { Headers = headers, Method = op.Method, Url = url };
    }

    /// <summary>Each field of <paramref name="schema"/> (at <paramref name="at"/> in the body) broken in each way its kind can be, one at a time.</summary>
    private IEnumerable<BadCase> FieldCases(ApiDocument doc, JsonElement schema, string? schemaName, JsonObject body, string at, JsonNode holder)
    {
        foreach (var (name, property) in doc.Properties(schema))
        {
            var path = at.Length == 0 ? name : $"{at}.{name}";
            foreach (var c in ValueCases(doc, property, $"{schemaName}.{name}", body, path, (holder, name)))
                yield return c;
        }
    }

    private IEnumerable<BadCase> ValueCases(ApiDocument doc, JsonElement schema, string field, JsonObject body, string path, (JsonNode Holder, object Key) slot)
    {
        var kind = doc.Kind(schema);
        var exceptions = _root.GetProperty("exceptions").TryGetProperty(field, out var e) ? e : default;
        foreach (var c in _root.GetProperty("fields").GetProperty(KindName(kind)).EnumerateArray())
        {
            var name = c.GetProperty("case").GetString()!;
            if (exceptions.ValueKind == JsonValueKind.Object && exceptions.TryGetProperty(name, out _)) continue;
            var value = c.TryGetProperty("generate", out var g) ? Generate(g.GetString()!, doc, schema, slot) : Bytes(c);
            yield return new BadCase($"{path}: {name}", "", "", WithValue(body, slot, value), "application/json", new Dictionary<string, string>(),
                c.TryGetProperty("status", out var s) ? s.GetInt32() : null, c.TryGetProperty("names", out var n) ? n.GetString()! : path, false);
        }
        var current = Get(slot);
        if (kind == FieldKind.Object && current is JsonObject)
            foreach (var c in FieldCases(doc, schema, ApiDocument.RefName(schema), body, path, current))
                yield return c;
        if (kind == FieldKind.Array && current is JsonArray { Count: > 0 } items)
        {
            var itemSchema = doc.Items(schema);
            foreach (var c in ValueCases(doc, itemSchema, $"{ApiDocument.RefName(itemSchema) ?? field}[]", body, $"{path}[0]", (items, 0)))
                yield return c;
        }
    }

    private byte[] Generate(string generator, ApiDocument doc, JsonElement schema, (JsonNode Holder, object Key) slot) => generator switch
    {
        "oversized-text" => Encoding.UTF8.GetBytes($"\"{new string('x', Oversized)}\""),
        "unknown-id" => Encoding.UTF8.GetBytes($"\"{Guid.NewGuid()}\""),
        "many-items" => Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat(((JsonArray)Get(slot)!)[0]?.ToJsonString() ?? "null", 1000)) + "]"),
        "two-enum-names" => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(string.Join(", ", doc.EnumNames(schema).Take(2)))),
        "enum-name-with-nul" => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(doc.EnumNames(schema).First() + "\0")),
        _ => throw new InvalidOperationException($"corpus.json: no generator '{generator}'"),
    };

    private static JsonNode? Get((JsonNode Holder, object Key) slot) =>
        slot.Key is string name ? slot.Holder[name] : slot.Holder[(int)slot.Key];

    /// <summary>The body with the value at <paramref name="slot"/> replaced by raw bytes (which may be invalid JSON or UTF-8 on purpose).</summary>
    private static byte[] WithValue(JsonObject body, (JsonNode Holder, object Key) slot, byte[] value)
    {
        var before = Get(slot)?.DeepClone();
        if (slot.Key is string name) slot.Holder[name] = Placeholder; else slot.Holder[(int)slot.Key] = Placeholder;
        var json = Encoding.UTF8.GetBytes(body.ToJsonString());
        if (slot.Key is string n2) slot.Holder[n2] = before; else slot.Holder[(int)slot.Key] = before;
        var marker = Encoding.UTF8.GetBytes($"\"{Placeholder}\"");
        var at = json.AsSpan().IndexOf(marker);
        return [.. json[..at], .. value, .. json[(at + marker.Length)..]];
    }

    /// <summary>A case's <c>json</c>, or its <c>bytes</c> with <c>\xNN</c> as raw bytes.</summary>
    private static byte[] Bytes(JsonElement c)
    {
        if (c.TryGetProperty("json", out var json)) return Encoding.UTF8.GetBytes(json.GetString()!);
        if (c.TryGetProperty("raw", out var raw)) return Encoding.UTF8.GetBytes(raw.GetString()!);
        var text = c.GetProperty("bytes").GetString()!;
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x') { bytes.Add(Convert.ToByte(text.Substring(i + 2, 2), 16)); i += 3; }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        return [.. bytes];
    }

    private static string[] Values(JsonElement byKind, FieldKind kind) =>
        byKind.TryGetProperty(KindName(kind), out var values) ? [.. Strings(values).Select(Expand)] : [];

    private static string Expand(string value) => value == "$oversized" ? new string('x', Oversized) : value;

    private static IEnumerable<string> Strings(JsonElement values) => values.EnumerateArray().Select(v => v.GetString()!);

    private static string KindName(FieldKind kind) => kind switch
    {
        FieldKind.DateTime => "date-time",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Fill(string path, Func<string, string> fill) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}", m => fill(m.Groups[1].Value));

    private static string Short(string value) => value.Length > 40 ? $"{value[..12]}…({value.Length} chars)" : value;

    private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var all = new Dictionary<string, string>(a);
        foreach (var (k, v) in b) all[k] = v;
        return all;
    }
}
