using System.Text;

namespace ProjectTracker.Infrastructure;

/// <summary>A body an endpoint reads itself (a CSV file, a calendar): UTF-8 text of at most so many characters, else 413.</summary>
public static class BodyText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadAsync(HttpContext http, int maxChars, string what)
    {
        // A UTF-8 BOM (Excel) is dropped; bytes that are not UTF-8 are refused, not read as U+FFFD.
        using var reader = new StreamReader(http.Request.Body, Strict);
        var buffer = new char[maxChars + 1];
        var read = 0;
        try
        {
            for (int n; read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0;) read += n;
        }
        catch (DecoderFallbackException)
        {
            throw ApiProblem.Invalid("body", $"{what} is not UTF-8 text.");
        }
        if (read > maxChars) throw new ApiProblem(413, "Too large", $"{what} must be at most {maxChars:N0} characters; split it.", "body");
        return new string(buffer, 0, read);
    }
}
