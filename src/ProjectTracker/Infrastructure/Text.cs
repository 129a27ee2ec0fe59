namespace ProjectTracker.Infrastructure;

public static class Text
{
    /// <summary>Stored text carries no stray spaces, and a blank optional field is simply absent.</summary>
    public static string? Tidy(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An enum from a route or query value, by name (any case); anything else is a 400 naming the field.</summary>
    public static TEnum? ToEnum<TEnum>(this string? value, string field) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null
        : EnumText.Parse<TEnum>(value) ?? throw ApiProblem.Invalid(field, $"{field} has an unknown value '{value}'. {EnumText.Expected<TEnum>()}");
}
