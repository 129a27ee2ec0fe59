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
    public static async Task<T> LoadAsync<T>(IQuerySession session, Caller caller, Guid id, Func<Caller, T, bool> canSee, string what,
        CancellationToken ct) where T : class
    {
        var record = await session.LoadAsync<T>(id, ct);
        return record is not null && canSee(caller, record) ? record : throw ApiProblem.NotFound($"{what} {id}");
    }

    /// <summary>
    /// The shape of every action endpoint: who is asking, may they see it, build the command
    /// (which may refuse with 403), let the aggregate handler decide, answer with the new state.
    /// </summary>
    public static async Task<T> ActAsync<T>(HttpContext http, IQuerySession session, IMessageBus bus, Guid id,
        Func<Caller, T, bool> canSee, string what, Func<Caller, T, object> command) where T : class
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var record = await LoadAsync(session, caller, id, canSee, what, ct);
        await bus.InvokeAsync(command(caller, record), ct);
        return (await session.LoadAsync<T>(id, ct))!;
    }
}
