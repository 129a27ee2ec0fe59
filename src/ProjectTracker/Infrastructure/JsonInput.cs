using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// How every JSON body is read (Wolverine.Http reads bodies with ASP.NET Core's JSON options,
/// which this configures): duplicate keys refused, enums by name only, text held to
/// <see cref="InputText"/>. A refusal is a <see cref="JsonException"/> carrying the path of the
/// offending value; <see cref="Refusal"/> makes it a 400 naming the field.
/// </summary>
public static class JsonInput
{
    public static void Configure(JsonSerializerOptions o)
    {
        // By default the last of two equal keys wins: a body could say one thing to a reviewer and another to us.
        o.AllowDuplicateProperties = false;
        // The web defaults read "5" as 5: a number is a JSON number, as the document says.
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new EnumNames());
        // Text is checked once an object is read, not by a string converter: OpenAPI describes a
        // value read by a custom converter as anything at all.
        o.TypeInfoResolver = (o.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(HoldTextToTheRule);
    }

    /// <summary>A 400 naming the field; given the body's type, it says what that field takes.</summary>
    public static ApiProblem Refusal(JsonException e, JsonTypeInfo? body)
    {
        var field = Field(e);
        return ApiProblem.Invalid(field, e is RefusedText ? e.Message : Expected(e, body is null ? null : TypeAt(body, field)));
    }

    /// <summary>The field as the client wrote it, camelCase: <c>$.tasks[0].Instructions</c> → <c>tasks[0].instructions</c>; the root is <c>body</c>.</summary>
    private static string Field(JsonException e)
    {
        // Not JSON at all (truncated, a stray comma): the body is at fault, not the member the reader had reached.
        if (e.InnerException is JsonException) return "body";
        var path = e.Path is null or "$" ? "" : e.Path.StartsWith("$.") ? e.Path[2..] : e.Path[1..];
        if (e is RefusedText { Member: var member }) path = path.Length == 0 ? member : $"{path}.{member}";
        if (path.Length == 0) return "body";
        var field = new StringBuilder(path);
        for (var i = 0; i < field.Length; i++)
            if (i == 0 || field[i - 1] == '.') field[i] = char.ToLowerInvariant(field[i]);
        return field.ToString();
    }

    /// <summary>What the field takes, in place of System.Text.Json's wording (which names our types and repeats the path).</summary>
    private static string Expected(JsonException e, Type? type) =>
        e.Message.StartsWith("Duplicate property", StringComparison.Ordinal) ? "The key appears more than once."
        : e.InnerException is JsonException malformed ? $"The body is not valid JSON: {malformed.Message}"
        : type is { IsEnum: true } ? EnumText.Expected(type)
        : type == typeof(string) ? "Expected text."
        : "The value is not of the expected type or format.";

    /// <summary>The .NET type a field path leads to in the body, if it leads anywhere.</summary>
    private static Type? TypeAt(JsonTypeInfo body, string field)
    {
        if (field == "body") return body.Type;
        JsonTypeInfo? at = body;
        foreach (var segment in field.Split('.'))
        {
            var name = segment.Split('[')[0];
            at = at?.Properties.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } property
                ? at.Options.GetTypeInfo(property.PropertyType) : null;
            for (var brackets = segment.Count(c => c == '['); brackets > 0 && at is not null; brackets--)
                at = at.ElementType is { } element ? at.Options.GetTypeInfo(element) : null;
        }
        return at is null ? null : Nullable.GetUnderlyingType(at.Type) ?? at.Type;
    }

    private static void HoldTextToTheRule(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var texts = type.Properties
            .Where(p => p.Get is not null && (p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)))
            .ToArray();
        if (texts.Length == 0) return;
        var next = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            foreach (var property in texts)
                switch (property.Get!(value))
                {
                    case string text when !InputText.IsAcceptable(text):
                        throw new RefusedText(property.Name);
                    case IEnumerable<string?> items:
                        var i = 0;
                        foreach (var item in items)
                            if (item is not null && !InputText.IsAcceptable(item)) throw new RefusedText($"{property.Name}[{i}]");
                            else i++;
                        break;
                }
            next?.Invoke(value);
        };
    }

    /// <summary>Text the rule refuses, in a member of the object just read (System.Text.Json fills in the object's path).</summary>
    private sealed class RefusedText(string member) : JsonException(InputText.Rule)
    {
        public string Member { get; } = member;
    }
}

/// <summary>Reads an enum by one name, writes its name (<see cref="EnumText"/>).</summary>
internal sealed class EnumNames : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(EnumName<>).MakeGenericType(typeToConvert))!;

    private sealed class EnumName<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (reader.TokenType == JsonTokenType.String ? EnumText.Parse<T>(reader.GetString()) : null) ?? throw new JsonException(EnumText.Expected<T>());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EnumText.Parse<T>(reader.GetString()) ?? throw new JsonException(EnumText.Expected<T>());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToString());
    }
}

/// <summary>
/// Enum values by name (any case) only, in JSON, query strings and routes alike: a number would
/// silently mean another member if the enum were ever reordered.
/// </summary>
public static class EnumText
{
    /// <summary>The member named, or null: numbers, flag combinations and unknown names are not names.</summary>
    public static T? Parse<T>(string? name) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => n.Equals(name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } found ? Enum.Parse<T>(found) : null;

    public static bool IsName(Type enumType, string value) =>
        Enum.GetNames(enumType).Any(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Expected<T>() where T : struct, Enum => Expected(typeof(T));

    public static string Expected(Type enumType) => $"Expected one of {string.Join(", ", Enum.GetNames(enumType))}.";
}
