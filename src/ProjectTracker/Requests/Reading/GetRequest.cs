using Marten;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

namespace ProjectTracker.Requests.Reading;

/// <summary>A request with its tasks, both clocks and its open escalations.</summary>
public sealed record RequestDetails(RequestView Request, IReadOnlyList<EscalationView> OpenEscalations);

public static class GetRequestEndpoint
{
    [WolverineGet("/api/requests/{id}", Name = "GetRequest"), Tags("Requests")]
    public static async Task<RequestDetails> Get(Guid id, string? asOf, HttpContext http, IQuerySession session, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var then = AsOf.From(http, clock.GetUtcNow());
        var request = await session.LoadVisibleAsync(caller, id, ct);
        if (then is { } instant) return await RequestAsOf.DetailsAsync(session, id, instant, ct);
        var escalations = await session.Query<Escalation>()
            .Where(e => e.RequestId == id && e.Status != EscalationStatus.Closed && e.Status != EscalationStatus.Voided).OrderBy(e => e.RaisedAt).ToListAsync(ct);
        return Preconditions.Tag(http, new RequestDetails(RequestView.Of(request, clock.GetUtcNow()), [.. escalations.Select(EscalationView.Of)]),
            request.Version);
    }
}
