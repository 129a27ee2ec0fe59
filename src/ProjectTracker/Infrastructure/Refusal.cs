namespace ProjectTracker.Infrastructure;

/// <summary>Why a decision (or a lookup it needs) said no, in the domain's terms.</summary>
public enum RefusalKind
{
    /// <summary>No such record, or one the caller may not see (its existence is not revealed).</summary>
    NotFound,
    /// <summary>The caller sees the record but may not do this to it.</summary>
    Forbidden,
    /// <summary>The record's state does not allow it now (closed, already done, out of order).</summary>
    Conflict,
    /// <summary>The caller decided on a version of the record that is no longer current (If-Match).</summary>
    Stale,
    /// <summary>A value of the command breaks a rule: <see cref="Refusal.Field"/> names it.</summary>
    Invalid,
}

/// <summary>
/// A decision's refusal: thrown by decisions and aggregates, which know nothing of HTTP. The edge
/// maps the kind to a status once (<see cref="ApiErrors"/>); refusals of the HTTP exchange itself
/// (headers, body size, media type) are <see cref="ApiProblem"/>s.
/// </summary>
public sealed class Refusal(RefusalKind kind, string reason, string? field = null, object? current = null) : Exception(reason)
{
    public RefusalKind Kind { get; } = kind;
    public string? Field { get; } = field;
    /// <summary>The record's current state, where the caller needs it to decide again.</summary>
    public object? Current { get; } = current;

    public static Refusal NotFound(string what) => new(RefusalKind.NotFound, $"{what} was not found.");
    public static Refusal Forbidden(string reason) => new(RefusalKind.Forbidden, reason);
    public static Refusal Conflict(string reason, object? current = null, string? field = null) => new(RefusalKind.Conflict, reason, field, current);
    public static Refusal Invalid(string field, string reason) => new(RefusalKind.Invalid, reason, field);
}
