using System.Runtime.CompilerServices;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.History;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using Wolverine.Http;

namespace ProjectTracker.Supervision.Exports;

/// <summary>
/// The request search (GET /api/requests) as a file: the same filters, checks, access rule and
/// order (History/RequestLists, today or <c>asOf</c>), every match instead of a page, streamed from the
/// database to the response in one query.
/// </summary>
public static class RequestExport
{
    [WolverineGet("/api/exports/requests", Name = "ExportRequests"), Tags("Requests")]
    [ProducesResponseType(typeof(FileContentResult), 200, ExportTable.CsvType, ExportTable.XlsxType)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
        IOptions<ExportSettings> settings, RequestStatus? status, Category? category, Guid? enterpriseId, Guid? assigneeId, bool? overdue,
        bool? paused, bool? atRisk, DateTimeOffset? filedFrom, DateTimeOffset? filedTo, string? q, string? asOf, ExportFormat? format)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var now = clock.GetUtcNow();
        var cap = settings.Value.MaxRequests;
        var filter = new RequestFilter(status, category, enterpriseId, assigneeId, overdue, paused, atRisk, filedFrom, filedTo, q).Checked();
        var then = AsOf.From(http, now);
        EnsureWithin(await RequestLists.CountAsync(session, caller, filter, now, then, ct), cap);
        // Limited to the cap: a request filed between the count and the read cannot stretch the file past it.
        var found = RequestLists.StreamAsync(session, caller, filter, now, then, cap, ct);

        var names = await NamesAsync(session, caller, ct);
        var offset = deadlines.Value.ZoneUtcOffset;
        var rows = Rows(found, offset, names);
        return StreamedExport.ToFile("Requests", RequestTable.Headers, rows, format ?? ExportFormat.Csv,
            $"requests-{(then ?? now).ToOffset(offset):yyyyMMdd-HHmm}");
    }

    /// <summary>Refused rather than cut: a partial file would pass for the whole search.</summary>
    private static void EnsureWithin(long total, int cap)
    {
        if (total > cap)
            throw Refusal.Invalid("filedFrom", $"The search finds {total} requests; an export holds at most {cap}. " +
                "Narrow it, for example to a filing period with filedFrom and filedTo (a month of a busy zone is about 8,000).");
    }

    private static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<RequestView> requests, TimeSpan offset, IReadOnlyDictionary<Guid, string> names)
    {
        await foreach (var r in requests) yield return RequestTable.Row(r, offset, names);
    }

    /// <summary>
    /// Enterprises', departments' and task forces' names, for the columns (a zone has a few
    /// thousand enterprises at most; a contact only needs their own).
    /// </summary>
    private static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IQuerySession session, Caller caller, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var d in await session.Query<Department>().Select(d => new { d.Id, d.Name }).ToListAsync(ct)) names[d.Id] = d.Name;
        foreach (var t in await session.Query<TaskForce>().Select(t => new { t.Id, t.Name }).ToListAsync(ct)) names[t.Id] = t.Name;
        IQueryable<Enterprise> enterprises = session.Query<Enterprise>();
        if (caller.Is(Roles.Contact) && !caller.SeesAll && caller.EnterpriseId is { } mine) enterprises = enterprises.Where(e => e.Id == mine);
        foreach (var e in await enterprises.Select(e => new { e.Id, e.Name }).ToListAsync(ct)) names[e.Id] = e.Name;
        return names;
    }
}
