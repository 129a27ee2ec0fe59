using Microsoft.AspNetCore.Mvc;

namespace ProjectTracker.Infrastructure;

/// <summary>A body that only gives a reason (reject, withdraw, reopen, hand back; suspend, resume, cancel a project).</summary>
public sealed record ReasonInput(string? Reason)
{
    public ProblemDetails Check() => new Validation().Required("reason", Reason, Limits.ShortText).Result;
}
