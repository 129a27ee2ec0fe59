using Marten;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory;

/// <summary>Directory list filters.</summary>
public static class Listing
{
    /// <summary>A free-text filter is input like any other: bounded, or 400.</summary>
    public static string? Search(string? q, string field = "q") =>
        q is { Length: > Limits.Name } ? throw Refusal.Invalid(field, $"{field} must be at most {Limits.Name} characters.") : q.Tidy();
}
