using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.Access;
using ProjectTracker.Directory;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;
using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Tests.Requests.Explaining;

namespace ProjectTracker.Tests.History;

/// <summary>
/// Today's request search and queues read the request versions' indexed columns (History/
/// RequestLists), below Marten's API: they must answer what Marten's own LINQ over the request
/// snapshots answers (the reference below, written as the search was before), for every filter
/// and every kind of reader, on a zone where requests are in every state.
/// </summary>
public class TodaysListsTests : IAsyncLifetime
{
    private readonly ZoneBeforeQingming _zone = new();   // Tuesday 2026-03-31 10:00
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    private Task To(string local) => _zone.AdvanceAndFireDeadlinesAsync(ClocksTests.Cst(local) - _zone.Clock.GetUtcNow());

    [Fact]
    public async Task the_search_and_the_queues_answer_what_martens_own_query_over_the_snapshots_answers()
    {
        // Requests in every state: filed, dispatched to one or two departments, paused, answered,
        // confirmed, withdrawn, rejected, transferred; some overdue, some at risk.
        var made = new List<RequestView>();
        for (var i = 0; i < 14; i++)
        {
            await To($"2026-03-31T{10 + i / 2:00}:{i % 2 * 30 + 5:00}:00");
            var token = i % 3 == 0 || i == 13 ? _zone.OtherContactToken : _zone.KeyContactToken;
            made.Add(await _zone.FileAsync(token, i % 4 == 0 ? $"Warehouse lease {i}" : $"Need a loan {i}", i % 2 == 0 ? "Funding" : "LandAndPlant"));
        }
        for (var i = 0; i < 10; i++)
            made[i] = await _zone.DispatchAsync(made[i].Id, i % 3 == 0 ? [_zone.EconomicBureau, _zone.MarketBureau] : [i % 2 == 0 ? _zone.EconomicBureau : _zone.MarketBureau]);
        await _zone.Post($"/api/requests/{made[1].Id}/pause", new { reason = "Please send the lease." }, _zone.MarketToken, 200);
        await _zone.ResolveAsync(made[2].Id, made[2].Tasks[0].Id, _zone.EconomicToken);
        await _zone.ResolveAsync(made[4].Id, made[4].Tasks[0].Id, _zone.EconomicToken);
        await _zone.Post($"/api/requests/{made[4].Id}/confirm", new { satisfaction = 4 }, _zone.KeyContactToken, 200);
        await _zone.Post($"/api/requests/{made[5].Id}/tasks/{made[5].Tasks[0].Id}/transfer",
            new { assigneeKind = "Department", assigneeId = _zone.EconomicBureau, reason = "Their remit." }, _zone.MarketToken, 200);
        await _zone.Post($"/api/requests/{made[11].Id}/withdraw", new { reason = "Solved ourselves." }, _zone.KeyContactToken, 200);
        await _zone.Post($"/api/requests/{made[12].Id}/reject", new { reason = "Not the zone's remit." }, _zone.SecretaryToken, 200);
        await To("2026-04-01T11:00:00");                                                      // the undispatched past their dispatch due
        await To("2026-04-03T16:00:00");                                                      // resolutions at risk or overdue

        var searches = new[]
        {
            new RequestFilter(), new RequestFilter(Status: RequestStatus.Dispatched), new RequestFilter(Status: RequestStatus.Filed),
            new RequestFilter(Overdue: true), new RequestFilter(AtRisk: true), new RequestFilter(Paused: true), new RequestFilter(Paused: false),
            new RequestFilter(Category: Category.Funding, EnterpriseId: _zone.KeyEnterprise), new RequestFilter(AssigneeId: _zone.MarketBureau),
            new RequestFilter(Q: "warehouse"), new RequestFilter(Q: made[3].Number),
            new RequestFilter(FiledFrom: ClocksTests.Cst("2026-03-31T12:00:00"), FiledTo: ClocksTests.Cst("2026-03-31T15:00:00")),
        };
        var readers = new[] { _zone.Supervisor, _zone.KeyContact, _zone.OtherContact, _zone.EconomicStaff, _zone.MarketStaff, _zone.Secretary, _zone.TaskForceLead };
        var now = _zone.Clock.GetUtcNow();
        await using var session = _zone.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var compared = 0;
        foreach (var reader in readers)
        {
            var caller = (await Caller.LoadAsync(session, reader))!;
            var token = _zone.TokenFor(reader, caller.Roles.Single());
            foreach (var filter in searches)
            {
                var expected = await Reference(session, caller, now, filter).ToListAsync();
                var url = Url(filter);
                var listed = await _zone.GetAsync<Paged<RequestView>>(url + "&pageSize=200", token);
                Assert.True(expected.Select(r => r.Id).SequenceEqual(listed.Items.Select(r => r.Id)),
                    $"{url} for {string.Join(",", caller.Roles)}: expected {expected.Count}, listed {listed.Items.Count}");
                Assert.Equal(expected.Count, listed.Total);
                var paged = await _zone.GetAsync<Paged<RequestView>>(url + "&pageSize=3&page=2", token);
                Assert.Equal(expected.Skip(3).Take(3).Select(r => r.Id), paged.Items.Select(r => r.Id));
                compared += expected.Count;
            }
        }
        Assert.True(compared > 100, "the zone's searches found too little to compare");
        var overdue = await Reference(session, (await Caller.LoadAsync(session, _zone.Supervisor))!, now, new RequestFilter(Overdue: true)).CountAsync();
        Assert.InRange(overdue, 2, 13);   // the story really has overdue and not-overdue requests

        // The dispatch queue: undispatched (and handed-back) requests by dispatch due.
        foreach (var (dispatcher, all) in new[] { (_zone.Secretary, false), (_zone.Desk, false), (_zone.Desk, true) })
        {
            var awaiting = session.Query<Request>().Where(r => r.AwaitsDispatch);
            if (!all) awaiting = awaiting.Where(r => r.SecretaryId == dispatcher || r.SecretaryId == null);
            var expected = await awaiting.OrderBy(r => r.Dispatch.Due).ThenBy(r => r.Id).ToListAsync();
            var queued = await _zone.GetAsync<Paged<DispatchQueueItem>>($"/api/queues/dispatch?all={all}&pageSize=200", _zone.TokenFor(dispatcher, Roles.Dispatcher));
            Assert.Equal(expected.Select(r => r.Id), queued.Items.Select(q => q.RequestId));
            Assert.NotEmpty(expected);
        }
        // The task queue: the open tasks of the caller's units.
        foreach (var (staff, token) in new[] { (_zone.EconomicStaff, _zone.EconomicToken), (_zone.MarketStaff, _zone.MarketToken) })
        {
            var mine = (await Caller.LoadAsync(session, staff))!.WorkUnits;
            var requests = await session.Query<Request>().Where(r => r.Status == RequestStatus.Dispatched && r.AssigneeIds.Any(a => mine.Contains(a))).ToListAsync();
            var expected = TaskQueueItem.Of(requests, mine, now);
            var queued = await _zone.GetAsync<Paged<TaskQueueItem>>("/api/queues/tasks?pageSize=200", token);
            Assert.Equal(expected.Select(t => t.TaskId), queued.Items.Select(t => t.TaskId));
            Assert.NotEmpty(expected);
        }
    }

    [Fact]
    public async Task the_supervisors_queue_answers_what_martens_own_query_over_the_escalations_answers()
    {
        for (var i = 0; i < 6; i++)
        {
            await To($"2026-03-31T{10 + i:00}:10:00");
            var filed = await _zone.FileAsync(i % 2 == 0 ? _zone.KeyContactToken : _zone.OtherContactToken);
            if (i >= 3) await _zone.DispatchAsync(filed.Id, i == 3 ? _zone.EconomicBureau : _zone.MarketBureau);
        }
        await To("2026-04-01T17:00:00");                                                      // the undispatched escalated
        await To("2026-04-03T18:00:00");                                                      // the dispatched past their resolution due
        var open = await _zone.GetAsync<Paged<EscalationView>>("/api/escalations", _zone.SupervisorToken);
        await _zone.Post($"/api/escalations/{open.Items[0].Id}/acknowledge", null, _zone.SupervisorToken, 200);

        var filters = new[]
        {
            new EscalationFilter(), new EscalationFilter(IncludeClosed: true), new EscalationFilter(Status: EscalationStatus.Acknowledged),
            new EscalationFilter(Level: EscalationLevel.Warning), new EscalationFilter(Kind: EscalationKind.ResolutionOverdue),
            new EscalationFilter(DepartmentId: _zone.MarketBureau), new EscalationFilter(EnterpriseId: _zone.KeyEnterprise),
        };
        await using var session = _zone.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var f in filters)
        {
            IQueryable<Escalation> q = session.Query<Escalation>();
            if (f.Status is { } st) q = q.Where(e => e.Status == st);
            else if (f.IncludeClosed != true) q = q.Where(e => e.Status != EscalationStatus.Closed && e.Status != EscalationStatus.Voided);
            if (f.Level is { } l) q = q.Where(e => e.Level == l);
            if (f.Kind is { } k) q = q.Where(e => e.Kind == k);
            if (f.DepartmentId is { } d) q = q.Where(e => e.NamedIds.Contains(d));
            if (f.EnterpriseId is { } en) q = q.Where(e => e.EnterpriseId == en);
            var expected = await q.OrderBy(e => e.RaisedAt).ThenBy(e => e.Id).ToListAsync();
            var url = "/api/escalations?pageSize=200" + (f.IncludeClosed is { } ic ? $"&includeClosed={ic.ToString().ToLowerInvariant()}" : "")
                + (f.Status is { } s2 ? $"&status={s2}" : "") + (f.Level is { } l2 ? $"&level={l2}" : "") + (f.Kind is { } k2 ? $"&kind={k2}" : "")
                + (f.DepartmentId is { } d2 ? $"&departmentId={d2}" : "") + (f.EnterpriseId is { } e2 ? $"&enterpriseId={e2}" : "");
            var listed = await _zone.GetAsync<Paged<EscalationView>>(url, _zone.SupervisorToken);
            Assert.True(expected.Select(e => e.Id).SequenceEqual(listed.Items.Select(e => e.Id)), $"{url}: expected {expected.Count}, listed {listed.Items.Count}");
            Assert.Equal(expected.Count, listed.Total);
            Assert.Equal(expected.Select(e => e.Status), listed.Items.Select(e => e.Status));
        }
        Assert.InRange(open.Total, 5, 12);
    }

    private static string Url(RequestFilter f)
    {
        var query = new List<string> { "x=1" };
        void Add(string name, object? value) { if (value is not null) query.Add($"{name}={Uri.EscapeDataString(value is DateTimeOffset d ? d.ToString("O") : value.ToString()!)}"); }
        Add("status", f.Status); Add("category", f.Category); Add("enterpriseId", f.EnterpriseId); Add("assigneeId", f.AssigneeId);
        Add("overdue", f.Overdue?.ToString().ToLowerInvariant()); Add("paused", f.Paused?.ToString().ToLowerInvariant());
        Add("atRisk", f.AtRisk?.ToString().ToLowerInvariant()); Add("filedFrom", f.FiledFrom); Add("filedTo", f.FiledTo); Add("q", f.Q);
        return "/api/requests?" + string.Join("&", query);
    }

    /// <summary>The search as Marten's LINQ over the snapshots: the same access rule, filters and order.</summary>
    private static IQueryable<Request> Reference(IQuerySession session, Caller caller, DateTimeOffset now, RequestFilter f)
    {
        IQueryable<Request> query = session.Query<Request>();
        if (!caller.SeesAll && !caller.Is(Roles.Dispatcher))
        {
            var mine = caller.WorkUnits;
            var enterprise = caller.Is(Roles.Contact) ? caller.EnterpriseId : null;
            query = query.Where(r => r.EnterpriseId == enterprise || r.AssigneeIds.Any(a => mine.Contains(a)));
        }
        if (f.Status is { } s) query = query.Where(r => r.Status == s);
        if (f.Category is { } c) query = query.Where(r => r.Category == c);
        if (f.EnterpriseId is { } e) query = query.Where(r => r.EnterpriseId == e);
        if (f.AssigneeId is { } a) query = query.Where(r => r.AssigneeIds.Contains(a));
        if (f.FiledFrom is { } from) query = query.Where(r => r.FiledAt >= from);
        if (f.FiledTo is { } to) query = query.Where(r => r.FiledAt < to);
        if (!string.IsNullOrWhiteSpace(f.Q)) query = query.Where(r => r.Title.Contains(f.Q, StringComparison.OrdinalIgnoreCase) || r.Number == f.Q);
        if (f.Overdue == true)
            query = query.Where(r => (r.Status == RequestStatus.Filed || r.Status == RequestStatus.Dispatched)
                && ((r.Dispatch.MetAt == null && r.Dispatch.Due < now) || (r.Resolution.Due < now && r.Resolution.PausedAt == null)));
        if (f.AtRisk == true)
            query = query.Where(r => (r.Status == RequestStatus.Filed || r.Status == RequestStatus.Dispatched)
                && ((r.Dispatch.MarkedAtRiskAt != null && r.Dispatch.MetAt == null) || (r.Resolution.MarkedAtRiskAt != null && r.Resolution.MetAt == null)));
        if (f.Paused is { } p) query = p ? query.Where(r => r.Resolution.PausedAt != null) : query.Where(r => r.Resolution.PausedAt == null);
        return query.OrderByDescending(r => r.FiledAt).ThenByDescending(r => r.Id);
    }
}

/// <summary>
/// A database made before today's lists read the history (requests without a history row, the
/// lists' indexes missing) is brought up by the schema apply that `db-apply` runs.
/// </summary>
public class HistoryBackfillTests : IAsyncLifetime
{
    private readonly Zone _zone = new();
    public Task InitializeAsync() => _zone.InitializeAsync();
    public Task DisposeAsync() => _zone.DisposeAsync();

    [Fact]
    public async Task the_schema_apply_makes_the_missing_indexes_and_gives_each_older_request_its_latest_version()
    {
        var filed = await _zone.FileAsync();
        var dispatched = await _zone.DispatchAsync((await _zone.FileAsync(_zone.OtherContactToken)).Id, _zone.MarketBureau);
        var store = _zone.Host.Services.GetRequiredService<IDocumentStore>();
        var schema = store.Options.DatabaseSchemaName;
        await using (var conn = new Npgsql.NpgsqlConnection(_zone.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"drop index {schema}.request_history_now_open_by_filing; delete from {schema}.request_history;", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.Equal(0, (await _zone.GetAsync<Paged<RequestView>>("/api/requests", _zone.SupervisorToken)).Total);

        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var listed = await _zone.GetAsync<Paged<RequestView>>("/api/requests", _zone.SupervisorToken);
        Assert.Equal([dispatched.Id, filed.Id], listed.Items.Select(r => r.Id));
        Assert.Equal(2, dispatched.Version);
        Assert.Equal(RequestStatus.Dispatched, listed.Items[0].Status);
        Assert.Equal(1, (await _zone.GetAsync<Paged<RequestView>>("/api/requests?status=Dispatched", _zone.SupervisorToken)).Total);
        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }
}
