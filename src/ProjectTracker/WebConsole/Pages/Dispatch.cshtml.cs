using Marten;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests.Dispatching;
using ProjectTracker.Requests.Reading;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// The dispatch desk (GET /api/queues/dispatch?all=true's read): undispatched requests by dispatch
/// due, overdue and at-risk marked. <c>?request={id}</c> opens the decomposition form for one, with
/// the version of the request read now (its If-Match).
/// </summary>
public sealed class DispatchModel(IQuerySession session, TimeProvider clock) : ConsolePage
{
    public override string TitleKey => "dispatch";
    public Read<Paged<DispatchQueueItem>> Queue { get; private set; } = null!;
    public Read<RequestDetails>? Opened { get; private set; }
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public async Task OnGetAsync(Guid? request)
    {
        Queue = await ReadAsync(typeof(QueueEndpoints), nameof(QueueEndpoints.Dispatch),
            () => QueueEndpoints.Dispatch(HttpContext, session, clock, true, 1, Limits.PageSizeMax, null));
        if (!Queue.Ok) { Notice = ("error", Refused(Queue)); return; }
        if (request is not { } id || !await AllowedAsync(typeof(DispatchRequestEndpoint), nameof(DispatchRequestEndpoint.Post))) return;
        Opened = await ReadAsync(typeof(GetRequestEndpoint), nameof(GetRequestEndpoint.Get), () => GetRequestEndpoint.Get(id, null, HttpContext, session, clock));
        if (!Opened.Ok) { Notice = ("error", Refused(Opened)); Opened = null; return; }
        if (Opened.ETag is null) { Opened = null; return; }   // a read as of the past (?asOf=): nothing to act on
        Units = await UnitsAsync(session);
    }
}
