using System.Text;

namespace ProjectTracker.Infrastructure;

/// <summary>A body an endpoint reads itself (a CSV file, a calendar): UTF-8 text of at most so many characters, else 413.</summary>
public static class BodyText
{
    public static async Task<string> ReadAsync(HttpContext http, int maxChars, string what)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);  // a UTF-8 BOM (Excel) is dropped
        var buffer = new char[maxChars + 1];
        var read = 0;
        for (int n; read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0;) read += n;
        if (read > maxChars) throw new ApiProblem(413, "Too large", $"{what} must be at most {maxChars:N0} characters; split it.");
        return new string(buffer, 0, read);
    }
}
