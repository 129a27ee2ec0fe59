using Marten;
using ProjectTracker.Infrastructure;
using Wolverine;

namespace ProjectTracker.Directory;

/// <summary>
/// Reads and actions on a record only some callers may see (a request, a project). Anyone else
/// gets 404, so its existence is not revealed.
/// </summary>
public static class Visible
{
    /// <summary>The record if it exists and the caller may see it; else 404.</summary>
    public static T To<T>(T? record, Caller caller, Func<Caller, T, bool> canSee, string what, Guid id) where T : class =>
        record is not null && canSee(caller, record) ? record : throw ApiProblem.NotFound($"{what} {id}");

    public static async Task<T> LoadAsync<T>(IQuerySession session, Caller caller, Guid id, Func<Caller, T, bool> canSee, string what,
        CancellationToken ct) where T : class =>
        To(await session.LoadAsync<T>(id, ct), caller, canSee, what, id);

    /// <summary>
    /// The shape of every action endpoint: the command names the caller, its aggregate handler
    /// loads the record and decides on what it loaded (404 if the caller may not see it, 403 if
    /// they may not act), and the answer is the record as the decision left it. Nothing is
    /// checked here on an earlier read, which a concurrent change could have made stale.
    /// </summary>
    public static async Task<T> ActAsync<T>(HttpContext http, IQuerySession session, IMessageBus bus, Guid id, Func<Caller, object> command)
        where T : class
    {
        await bus.InvokeAsync(command(http.Caller()), http.RequestAborted);
        return (await session.LoadAsync<T>(id, http.RequestAborted))!;
    }
}
