using Marten;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using Wolverine;

namespace ProjectTracker.Requests;

/// <summary>Every command on a request names it, who acts, and (from If-Match) the version they saw.</summary>
public abstract record RequestCommand(Guid RequestId, Caller By) : Acting(By);

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
        caller.IsFilerOf(request) ? caller.UserId : throw Refusal.Forbidden("Only a contact of the filing enterprise may do this.");

    public static Task<Request> LoadVisibleAsync(this IQuerySession session, Caller caller, Guid id, CancellationToken ct) =>
        Visible.LoadAsync<Request>(session, caller, id, CanSee, "Request", ct);

    /// <summary>
    /// A decision's first step, on the request its handler loaded (null: no such stream): the
    /// request if the caller may see it (else 404) at the version they saw (else 412).
    /// </summary>
    public static Request SeenBy(this Request? loaded, RequestCommand cmd)
    {
        var request = Visible.To(loaded, cmd.By, CanSee, "Request", cmd.RequestId);
        Preconditions.Expect(cmd.ExpectedVersion, request.Version, $"Request {request.Number}");
        return request;
    }

    /// <summary>An action on a request, answered as the request its events left, read now.</summary>
    public static async Task<RequestView> ActAsync(this HttpContext http, IMessageBus bus, Func<Caller, RequestCommand> command) =>
        RequestView.Of(await Visible.ActAsync<Request>(http, bus, command, r => r.Version),
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>A stale expected version is a conflict; the problem carries the current one.</summary>
    public static void EnsureVersion(this Request request, int? expected) =>
        Preconditions.Expect(expected, request.Version, $"Request {request.Number}");

    public static void EnsureOpen(this Request request, string action)
    {
        if (!request.IsOpen) throw Refusal.Conflict($"Cannot {action}: request {request.Number} is {request.Status}.");
    }
}
