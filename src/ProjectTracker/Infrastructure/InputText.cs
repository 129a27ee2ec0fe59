using System.Buffers;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// The one definition of the text the API refuses, wherever it arrives: JSON strings, query,
/// route and header values, CSV cells. Control characters (C0, DEL, C1) other than tab and line
/// breaks: PostgreSQL refuses a NUL (a 500 where it reached it), and the others hide in titles and
/// logs. Unicode bidirectional overrides and isolates: they make a title display in another order
/// than it is stored and read.
/// </summary>
public static class InputText
{
    public const string Rule =
        "Text must not contain control characters (other than tab, line feed and carriage return) or Unicode bidirectional override and isolate characters (U+202A-U+202E, U+2066-U+2069).";

    private static readonly SearchValues<char> Refused = SearchValues.Create(
        [.. Range('\u0000', '\u001F').Where(c => c is not ('\t' or '\n' or '\r')),
         .. Range('\u007F', '\u009F'), .. Range('\u202A', '\u202E'), .. Range('\u2066', '\u2069')]);

    public static bool IsAcceptable(ReadOnlySpan<char> text) => !text.ContainsAny(Refused);

    private static IEnumerable<char> Range(char first, char last) => Enumerable.Range(first, last - first + 1).Select(c => (char)c);
}
