using System.Globalization;
using System.Text.RegularExpressions;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// The <c>asOf</c> query parameter of the reads that can answer as of a past instant: an ISO 8601
/// instant with its offset (a date alone, or a time without an offset, would depend on the
/// server's zone). Absent: today. Empty, malformed or in the future: 400 naming <c>asOf</c>.
/// </summary>
public static partial class AsOf
{
    public const string Name = "asOf";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Instant();

    /// <summary>
    /// The instant asked for, or null when the read is of today. Read from the query itself (an
    /// empty <c>asOf=</c> is refused, not taken for today); endpoints also declare <c>string? asOf</c>
    /// so that the API document lists it.
    /// </summary>
    public static DateTimeOffset? From(HttpContext http, DateTimeOffset now)
    {
        if (!http.Request.Query.TryGetValue(Name, out var values)) return null;
        var text = values.Count == 1 ? values[0] : null;
        if (text is null || !Instant().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            throw ApiProblem.Invalid(Name, "asOf must be one instant with its offset, like 2026-04-07T12:00:00+08:00 (in a URL, + is %2B) or 2026-04-07T04:00:00Z.");
        if (instant > now)
            throw ApiProblem.Invalid(Name, $"asOf is in the future ({instant:O}, now is {now:O}): only the past can be read.");
        return instant.ToUniversalTime();   // as stored: PostgreSQL's timestamptz takes UTC only
    }

    /// <summary>The record did not exist yet at the instant asked for: 404 naming the parameter.</summary>
    public static ApiProblem NotYet(string what, DateTimeOffset instant) =>
        new(404, "Not found", $"{what} did not exist as of {instant:O}.", Name);
}
