using Marten;
using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using ProjectTracker.Requests.Dispatching;
using ProjectTracker.Requests.Explaining;
using ProjectTracker.Requests.Reading;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// A request: its details (GET /api/requests/{id}'s read, whose version the dispatch form sends
/// back), both clocks and how each due was reached (…/clocks), its tasks and timeline (…/timeline);
/// while it awaits dispatch, a dispatcher's decomposition form.
/// </summary>
public sealed class RequestModel(IQuerySession session, TimeProvider clock, IOptions<DeadlineOptions> deadlines, ILogger<ClocksExplained> log) : ConsolePage
{
    public override string TitleKey => "request";
    public Read<RequestDetails> Details { get; private set; } = null!;
    public Read<ClocksExplained>? Clocks { get; private set; }
    public Read<IReadOnlyList<TimelineEntry>>? Timeline { get; private set; }
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];
    public bool MayDispatch { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        Details = await ReadAsync(typeof(GetRequestEndpoint), nameof(GetRequestEndpoint.Get), () => GetRequestEndpoint.Get(id, null, HttpContext, session, clock));
        if (!Details.Ok)
        {
            Response.StatusCode = Details.Status;
            Notice = ("error", Details.Status == 404 ? T("noRequest") : Refused(Details));
            return;
        }
        Clocks = await ReadAsync(typeof(ExplainClocksEndpoint), nameof(ExplainClocksEndpoint.Get),
            () => ExplainClocksEndpoint.Get(id, null, HttpContext, session, clock, deadlines, log));
        Timeline = await ReadAsync(typeof(TimelineEndpoint), nameof(TimelineEndpoint.Get),
            () => TimelineEndpoint.Get(id, null, HttpContext, session, clock, deadlines));
        Units = await UnitsAsync(session);
        // A read as of the past (?asOf=) carries no version to act on: no form then.
        MayDispatch = Details.Value!.Request.AwaitsDispatch && Details.ETag is not null && await AllowedAsync(typeof(DispatchRequestEndpoint), nameof(DispatchRequestEndpoint.Post));
    }

    public string UnitName(Guid id) => Units.FirstOrDefault(u => u.Id == id)?.Name ?? id.ToString()[..8];
}
