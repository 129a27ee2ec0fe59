using System.Text.Json;
using Alba;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

/// <summary>
/// A week of the small zone with known outcomes, all filed in March 2030 through the API on the
/// fake clock (a year with no calendar: weekends only, whole days, so working hours are the hours
/// from Monday to Friday). Hours are counted from t0 = Monday 2030-03-04 09:00 CST: dispatch is due
/// at t24, the answer at t72.
/// <code>
/// R1 key   dispatched t2 → Economic; resolved t10; confirmed 5                 on time
/// R2 other dispatched t30 (late) → Market; resolved t80 (late); confirmed 2    late twice
/// R3 key   t2 → Economic; transferred to Land t50; Land resolves t60          on time, for Land only
/// R4 key   t2 → Market; clock runs out t72 at Market; to Land t74; resolved t76 late, for Market only
/// R5 key   t2 → Economic; resolved t6; reopened t8 (due t80); resolved t20; confirmed 4
/// R6 other withdrawn t1, before its dispatch                                    void
/// R7 key   rejected t3                                                          on time (counts as answered)
/// R8 other t2 → Economic; never resolved                                        late, open overdue now
/// R9 key   filed t90 (Fri 03:00); dispatch due Mon 03:00; at risk from t108    pending, at risk now
/// </code>
/// Escalations: R2 dispatch (t25 sweep, the dispatch desk, decided no fault); R2, R4 (Market; R4
/// decided warning issued) and R8 (Economic, decided accountability) for answers (t73 sweep).
/// The readers' "now" is t110 (Friday 23:00).
/// </summary>
public class ScoredZone : Zone
{
    public RequestView R1 = null!, R2 = null!, R3 = null!, R4 = null!, R5 = null!, R6 = null!, R7 = null!, R8 = null!, R9 = null!;
    public Guid R2DispatchEscalation, R2AnswerEscalation, R4Escalation, R8Escalation;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The zone's own ranking settings (keyed by zone): a small zone ranks units from 2 requests.
        ["Supervision:Ranking:Zones:weifang-hitech:MinimumRequests"] = "2",
        // A request search export holds at most 8 of the zone's 9 requests (RequestExportTests shows the refusal).
        ["Supervision:Exports:MaxRequests"] = "8",
    };

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        var t0 = Clock.GetUtcNow();
        async Task At(int hours)
        {
            var target = t0.AddHours(hours);
            if (Clock.GetUtcNow() < target) await AdvanceAndFireDeadlinesAsync(target - Clock.GetUtcNow());
        }

        R1 = await FileAsync(KeyContactToken, "Request R1"); R2 = await FileAsync(OtherContactToken, "Request R2");
        R3 = await FileAsync(KeyContactToken, "Request R3"); R4 = await FileAsync(KeyContactToken, "Request R4");
        R5 = await FileAsync(KeyContactToken, "Request R5"); R6 = await FileAsync(OtherContactToken, "Request R6");
        R7 = await FileAsync(KeyContactToken, "Request R7"); R8 = await FileAsync(OtherContactToken, "Request R8");
        await At(1);
        await OnRequest(R6, "withdraw", new { reason = "Solved it ourselves." }, OtherContactToken);
        await At(2);
        foreach (var (r, unit) in new[] { (R1, EconomicBureau), (R3, EconomicBureau), (R4, MarketBureau), (R5, EconomicBureau), (R8, EconomicBureau) })
            await OnRequest(r, "dispatch", Tasks(unit), SecretaryToken);
        await At(3);
        await OnRequest(R7, "reject", new { reason = "A matter for the provincial bureau." }, SecretaryToken);
        await At(6);
        await Resolve(R5, EconomicToken);
        await At(8);
        await OnRequest(R5, "reopen", new { reason = "The loan was not approved." }, KeyContactToken);
        await At(10);
        await Resolve(R1, EconomicToken);
        await OnRequest(R1, "confirm", new { satisfaction = 5 }, KeyContactToken);
        await At(20);
        await Resolve(R5, EconomicToken);
        await OnRequest(R5, "confirm", new { satisfaction = 4 }, KeyContactToken);
        await At(25);   // R2's dispatch deadline (t24) swept
        await At(30);
        await OnRequest(R2, "dispatch", Tasks(MarketBureau), DeskToken);
        await At(50);
        await OnRequest(R3, $"tasks/{await TaskOf(R3)}/transfer", new { assigneeKind = "TaskForce", assigneeId = LandTaskForce, reason = "Land matter." },
            EconomicToken);
        await At(60);
        await Resolve(R3, LeadToken);
        await At(73);   // the answer deadlines (t72) swept: R2, R4 (Market), R8 (Economic)
        await At(74);
        await OnRequest(R4, $"tasks/{await TaskOf(R4)}/transfer", new { assigneeKind = "TaskForce", assigneeId = LandTaskForce, reason = "Land matter." },
            MarketToken);
        await At(76);
        await Resolve(R4, LeadToken);
        await At(80);
        await Resolve(R2, MarketToken);
        await OnRequest(R2, "confirm", new { satisfaction = 2 }, OtherContactToken);
        await At(90);
        R9 = await FileAsync(KeyContactToken, "Request R9");
        await At(110);

        var escalations = await GetAsync<JsonElement>("/api/escalations?pageSize=200", SupervisorToken);
        Guid Escalation(RequestView r, string kind) => escalations.GetProperty("items").EnumerateArray()
            .SingleOrDefault(e => e.GetProperty("requestId").GetGuid() == r.Id && e.GetProperty("kind").GetString() == kind).GetProperty("id") is { ValueKind: JsonValueKind.String } id ? id.GetGuid()
            : throw new InvalidOperationException($"No {kind} escalation for {r.Number} among {escalations}");
        R2DispatchEscalation = Escalation(R2, "DispatchOverdue");
        R2AnswerEscalation = Escalation(R2, "ResolutionOverdue");
        R4Escalation = Escalation(R4, "ResolutionOverdue");
        R8Escalation = Escalation(R8, "ResolutionOverdue");
        await this.Post($"/api/escalations/{R2DispatchEscalation}/decision", new { decision = "NoFault", note = "No secretary yet." }, SupervisorToken, 200);
        await this.Post($"/api/escalations/{R4Escalation}/decision", new { decision = "WarningIssued", note = "Transfer came late." }, SupervisorToken, 200);
        await this.Post($"/api/escalations/{R8Escalation}/decision", new
        {
            decision = "Accountability", note = "Left unanswered.", responsibleDepartmentId = EconomicBureau, responsiblePerson = "Section chief Li",
        }, SupervisorToken, 200);
    }

    private static object Tasks(Guid department) =>
        new { tasks = new[] { new { assigneeKind = "Department", assigneeId = department, instructions = "Please handle." } } };

    private async Task Resolve(RequestView r, string token) =>
        await OnRequest(r, $"tasks/{await TaskOf(r)}/resolve", new { reply = "Solved." }, token);

    private async Task<Guid> TaskOf(RequestView r) =>
        (await ReadAsync(r)).Tasks.Single(t => t.State is TaskState.Open or TaskState.Accepted).Id;

    private async Task<RequestView> ReadAsync(RequestView r) =>
        (await GetAsync<ProjectTracker.Requests.Reading.RequestDetails>($"/api/requests/{r.Id}", SupervisorToken)).Request;

    /// <summary>A command on a request, sent with If-Match from a fresh read (as a client holding the record would).</summary>
    public async Task OnRequest(RequestView r, string action, object body, string token)
    {
        var version = (await ReadAsync(r)).Version;
        await Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl($"/api/requests/{r.Id}/{action}");
            s.WithBearerToken(token);
            s.WithRequestHeader("If-Match", $"\"{version}\"");
            s.StatusCodeShouldBeOk();
        });
    }
}
