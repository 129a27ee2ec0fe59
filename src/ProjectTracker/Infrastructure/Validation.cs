using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Collects field errors for a request body and answers 400 ProblemDetails naming each field.
/// Every text field has a length limit: <see cref="Limits"/>.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    /// <summary>Field → messages; lets a bulk import report each row's errors under its line number.</summary>
    public IReadOnlyDictionary<string, List<string>> Errors => _errors;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"{field} is required.");
        return Optional(field, value, maxLength);
    }

    public Validation Optional(string field, string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? Add(field, $"{field} must be at most {maxLength} characters.") : this;

    public Validation Required<T>(string field, T? value) where T : struct =>
        value is null ? Add(field, $"{field} is required.") : this;

    public Validation NotEmpty(string field, Guid? value) =>
        value is null || value == Guid.Empty ? Add(field, $"{field} is required.") : this;

    public Validation Defined<TEnum>(string field, TEnum? value) where TEnum : struct, Enum =>
        value is null ? Add(field, $"{field} is required.")
        : !Enum.IsDefined(value.Value) ? Add(field, $"{field} has an unknown value; expected one of {string.Join(", ", Enum.GetNames<TEnum>())}.")
        : this;

    public Validation Count<T>(string field, IReadOnlyCollection<T>? items, int min, int max)
    {
        var n = items?.Count ?? 0;
        return n < min ? Add(field, $"{field} needs at least {min} item(s).")
            : n > max ? Add(field, $"{field} takes at most {max} items.")
            : this;
    }

    public Validation When(bool broken, string field, string message) => broken ? Add(field, message) : this;

    /// <summary>A domain check's verdict: null when fine, else why not.</summary>
    public Validation Problem(string field, string? problem) => problem is null ? this : Add(field, problem);

    /// <summary>Wolverine.Http stops the chain on any ProblemDetails but <see cref="WolverineContinue.NoProblems"/>.</summary>
    public ProblemDetails Result => IsValid
        ? WolverineContinue.NoProblems
        : new ProblemDetails
        {
            Status = 400,
            Title = "Invalid request",
            Detail = "One or more fields are invalid: " + string.Join(", ", _errors.Keys) + ".",
            Extensions = { ["errors"] = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()) },
        };

    public static ProblemDetails NullBody => new Validation().Add("body", "A JSON body is required.").Result;
}

public static class Limits
{
    public const int Name = 200;
    public const int Title = 200;
    public const int ShortText = 500;
    public const int LongText = 4000;
    public const int Reference = 500;
    public const int Phone = 40;
    public const int PageSizeMax = 200;
}
