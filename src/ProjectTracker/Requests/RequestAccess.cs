using Marten;
using ProjectTracker.Directory;
using ProjectTracker.Infrastructure;
using Wolverine;

namespace ProjectTracker.Requests;

/// <summary>Who may see a request. Anyone else gets 404, so a request's existence is not revealed.</summary>
public static class RequestAccess
{
    public static bool CanSee(this Caller caller, Request request) =>
        caller.SeesAll
        || caller.Is(Roles.Dispatcher)
        || (caller.Is(Roles.Contact) && caller.EnterpriseId == request.EnterpriseId)
        || request.AssigneeIds.Any(caller.WorksFor);

    public static bool IsFilerOf(this Caller caller, Request request) =>
        caller.Is(Roles.Contact) && caller.EnterpriseId == request.EnterpriseId;

    /// <summary>Confirming, reopening, withdrawing, adding information: the enterprise's own contacts only.</summary>
    public static Guid EnsureFilerOf(this Caller caller, Request request) =>
        caller.IsFilerOf(request) ? caller.UserId : throw ApiProblem.Forbidden("Only a contact of the filing enterprise may do this.");

    public static async Task<Request> LoadVisibleAsync(this IQuerySession session, Caller caller, Guid id, CancellationToken ct)
    {
        var request = await session.LoadAsync<Request>(id, ct);
        return request is not null && caller.CanSee(request) ? request : throw ApiProblem.NotFound($"Request {id}");
    }

    /// <summary>
    /// The shape of every action endpoint: who is asking, may they see it, build the command
    /// (which may refuse with 403), let the aggregate handler decide, answer with the new state.
    /// </summary>
    public static async Task<Request> ActAsync(this HttpContext http, IQuerySession session, IMessageBus bus, Guid requestId,
        Func<Caller, Request, object> command)
    {
        var ct = http.RequestAborted;
        var caller = await Caller.LoadAsync(http.User, session, ct);
        var request = await session.LoadVisibleAsync(caller, requestId, ct);
        await bus.InvokeAsync(command(caller, request), ct);
        return (await session.LoadAsync<Request>(requestId, ct))!;
    }

    /// <summary>A stale expected version is a conflict; the problem carries the current one.</summary>
    public static void EnsureVersion(this Request request, int? expected)
    {
        if (expected is { } v && v != request.Version)
            throw ApiProblem.Conflict($"Request {request.Number} is at version {request.Version}, not {v}.", new { version = request.Version });
    }

    public static void EnsureOpen(this Request request, string action)
    {
        if (!request.IsOpen) throw ApiProblem.Conflict($"Cannot {action}: request {request.Number} is {request.Status}.");
    }
}
