using ProjectTracker.Infrastructure;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Optimistic concurrency over HTTP: a read answers with <c>ETag: "7"</c> (the stream version);
/// a change may send <c>If-Match: "7"</c> and is refused with 409 (naming the current version)
/// when someone else changed the record in between. Without If-Match the last write wins.
/// </summary>
public static class Versions
{
    public static int? FromIfMatch(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch)) return null;
        var value = ifMatch.Trim();
        if (value == "*") return null;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        return int.TryParse(value, System.Globalization.NumberStyles.None, null, out var version)
            ? version
            : throw ApiProblem.Invalid("If-Match", "If-Match must be the version from the ETag of a read, e.g. \"3\".");
    }

    /// <summary>Called from decisions, before any event is decided.</summary>
    public static void Expect(int? expected, int current, string what)
    {
        if (expected is { } v && v != current)
            throw ApiProblem.Conflict($"{what} is at version {current}, not {v}: it was changed since you read it. Reload and try again.",
                new { version = current });
    }

    public static T Tag<T>(HttpContext http, T document, int version)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return document;
    }
}
