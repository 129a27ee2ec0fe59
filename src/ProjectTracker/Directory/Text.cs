namespace ProjectTracker.Directory;

public static class Text
{
    /// <summary>Stored text carries no stray spaces, and a blank optional field is simply absent.</summary>
    public static string? Tidy(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
