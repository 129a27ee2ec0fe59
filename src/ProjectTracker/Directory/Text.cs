namespace ProjectTracker.Directory;

public static class Text
{
    /// <summary>Stored text carries no stray spaces, and a blank optional field is simply absent.</summary>
    public static string? Tidy(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// An enum from a route or query value, by name (any case). Numbers are refused: they would
    /// silently mean something else if the enum were ever reordered.
    /// </summary>
    public static TEnum? ToEnum<TEnum>(this string? value, string field) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return !char.IsDigit(value.Trim()[0]) && Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw ProjectTracker.Infrastructure.ApiProblem.Invalid(field,
                $"{field} has an unknown value '{value}'; expected one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
    }
}
