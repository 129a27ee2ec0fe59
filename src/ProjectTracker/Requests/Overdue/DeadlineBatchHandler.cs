using Marten;
using ProjectTracker.Escalations;

namespace ProjectTracker.Requests.Overdue;

/// <summary>A missed deadline: the event on the request's stream and the escalation it raises.</summary>
public sealed record Breach(object Event, EscalationRaised Escalation);

/// <summary>
/// Deadlines arrive in batches (Infrastructure/Persistence.cs: BatchMessagesOf): thousands can
/// fall due at one instant, and one stream load and one transaction per deadline is far too slow
/// for sub-second escalation. A batch loads its requests in one query and commits every breach in
/// one transaction. Each append expects the version it read, so a deadline handled twice at once
/// fails one transaction (and its retry then finds the breach recorded); the escalation's id is
/// derived from the deadline, so it can never be raised twice.
/// </summary>
public static class DeadlineBatchHandler
{
    public static Task Handle(DispatchDeadline[] batch, IDocumentSession session, TimeProvider clock, ILogger<Breach> log, CancellationToken ct) =>
        RecordAsync(batch, d => d.RequestId, DispatchDeadlineRule.Decide, session, clock.GetUtcNow(), log, ct);

    public static Task Handle(ResolutionDeadline[] batch, IDocumentSession session, TimeProvider clock, ILogger<Breach> log, CancellationToken ct) =>
        RecordAsync(batch, d => d.RequestId, ResolutionDeadlineRule.Decide, session, clock.GetUtcNow(), log, ct);

    private static async Task RecordAsync<T>(T[] batch, Func<T, Guid> requestId, Func<Request, T, DateTimeOffset, Breach?> decide,
        IDocumentSession session, DateTimeOffset now, ILogger log, CancellationToken ct)
    {
        var requests = (await session.LoadManyAsync<Request>(ct, batch.Select(requestId).Distinct())).ToDictionary(r => r.Id);
        foreach (var deadlines in batch.GroupBy(requestId))
        {
            if (!requests.TryGetValue(deadlines.Key, out var request))
            {
                log.LogWarning("Deadline {Deadline} names request {RequestId}, which does not exist", typeof(T).Name, deadlines.Key);
                continue;
            }
            // Copies of one deadline, or deadlines of past cycles: at most one breach per request.
            if (deadlines.Select(d => decide(request, d, now)).FirstOrDefault(b => b is not null) is not { } breach) continue;
            session.Events.Append(request.Id, request.Version + 1, breach.Event);
            session.Events.StartStream<Escalation>(breach.Escalation.EscalationId, breach.Escalation);
            log.LogInformation("{Kind} escalation {EscalationId} raised for request {Number}",
                breach.Escalation.Kind, breach.Escalation.EscalationId, request.Number);
        }
    }
}
