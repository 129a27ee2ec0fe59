using Marten;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Requests.Reading;

/// <summary>
/// A request as it stood at a past instant: its stream and its escalations' streams aggregated up
/// to that instant (events are stamped by the injected clock, Infrastructure/Persistence.cs), then
/// observed at it, so a breach that had not happened yet then is not shown. Who may read it is
/// decided by the caller's access today, before this is asked.
/// </summary>
public static class RequestAsOf
{
    public static async Task<RequestDetails> DetailsAsync(IQuerySession session, Guid id, DateTimeOffset asOf, CancellationToken ct)
    {
        var request = await session.Events.AggregateStreamAsync<Request>(id, timestamp: asOf, token: ct)
            ?? throw AsOf.NotYet($"Request {id}", asOf);
        var open = new List<Escalation>();
        foreach (var escalation in await session.Query<Escalation>().Where(e => e.RequestId == id && e.RaisedAt <= asOf).Select(e => e.Id).ToListAsync(ct))
            if (await session.Events.AggregateStreamAsync<Escalation>(escalation, timestamp: asOf, token: ct) is { Status: not (EscalationStatus.Closed or EscalationStatus.Voided) } then)
                open.Add(then);
        return new RequestDetails(RequestView.Of(request, asOf), [.. open.OrderBy(e => e.RaisedAt).Select(EscalationView.Of)]);
    }
}
