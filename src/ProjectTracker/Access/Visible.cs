using Marten;
using ProjectTracker.Infrastructure;
using Wolverine;

namespace ProjectTracker.Access;

/// <summary>
/// Reads and actions on a record only some callers may see (a request, a project). Anyone else
/// gets 404, so its existence is not revealed.
/// </summary>
/// <summary>A command on a record only some callers may see: who acts, and which version of the record they saw.</summary>
public abstract record Acting(Caller By)
{
    /// <summary>From If-Match (<see cref="Preconditions"/>); null for <c>If-Match: *</c>.</summary>
    public int? ExpectedVersion { get; init; }
}

public static class Visible
{
    /// <summary>The record if it exists and the caller may see it; else 404.</summary>
    public static T To<T>(T? record, Caller caller, Func<Caller, T, bool> canSee, string what, Guid id) where T : class =>
        record is not null && canSee(caller, record) ? record : throw Refusal.NotFound($"{what} {id}");

    public static async Task<T> LoadAsync<T>(IQuerySession session, Caller caller, Guid id, Func<Caller, T, bool> canSee, string what,
        CancellationToken ct) where T : class =>
        To(await session.LoadAsync<T>(id, ct), caller, canSee, what, id);

    /// <summary>
    /// The shape of every action endpoint: the command names the caller, its aggregate handler
    /// loads the record and decides on what it loaded (404 if the caller may not see it, 403 if
    /// they may not act, 412 if it is not the version the caller saw) and answers the record as its
    /// events left it (Wolverine's UpdatedAggregate: no second read), sent with its new ETag. Nothing is
    /// checked here on an earlier read, which a concurrent change could have made stale.
    /// </summary>
    public static async Task<T> ActAsync<T>(HttpContext http, IMessageBus bus, Func<Caller, Acting> command,
        Func<T, int> version) where T : class
    {
        var record = await bus.InvokeAsync<T>(command(http.Caller()) with { ExpectedVersion = http.ExpectedVersion() }, http.RequestAborted);
        return Preconditions.Tag(http, record, version(record));
    }
}
