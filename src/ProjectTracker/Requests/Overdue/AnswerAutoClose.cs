using Wolverine.Marten;

namespace ProjectTracker.Requests.Overdue;

/// <summary>Scheduled when a request is answered: an unconfirmed answer closes itself.</summary>
public sealed record AnswerAutoClose(Guid RequestId, int Cycle);

[AggregateHandler]
public static class AnswerAutoCloseHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => ProjectTracker.Deadlines.DatabaseOutage.RetryThrough(chain);

    public static Events Handle(AnswerAutoClose due, Request request, TimeProvider clock) =>
        request.Status == RequestStatus.Answered && request.Cycle == due.Cycle ? [new RequestAutoClosed(clock.GetUtcNow())] : [];
}
