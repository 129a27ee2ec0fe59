using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Fixtures;
using ProjectTracker.Tests.Projects;

namespace ProjectTracker.Tests.Access;

/// <summary>
/// Every operation of the OpenAPI document, called by every kind of caller, on real records (a
/// request with a task held by the Economic bureau, a project of the land task force, an
/// escalation, the key enterprise and its contact), so that a refusal is not a 404 for a wrong id.
/// </summary>
public class AccessMatrixZone : ProjectZone
{
    public RequestView Request { get; private set; } = null!;
    public Guid TaskId { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid EscalationId { get; private set; }
    /// <summary>A procedure on the project's approvals checklist (its construction start planned).</summary>
    public Guid ProcedureId { get; private set; }

    /// <summary>The record a path's <c>{id}</c> names, by the resource before it (<c>/api/{resource}/{id}</c>).</summary>
    public Guid RecordFor(string resource) => resource switch
    {
        "requests" => Request.Id,
        "projects" => ProjectId,
        "escalations" => EscalationId,
        "enterprises" => KeyEnterprise,
        "contacts" => KeyContact,
        "departments" => EconomicBureau,
        "staff" => EconomicStaff,
        "task-forces" => LandTaskForce,
        "scorecards" => EconomicBureau,
        _ => throw new InvalidOperationException($"No record for /api/{resource}/{{id}}: give AccessMatrixZone.RecordFor one."),
    };
    public Guid DeactivatedAdmin { get; private set; }

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        Request = await FileAsync(KeyContactToken);
        TaskId = (await DispatchAsync(Request.Id, EconomicBureau)).Tasks[0].Id;
        ProjectId = (await RegisterAsync(plans: [Plan("Signed", Today.AddDays(20)), Plan("ConstructionStarted", Today.AddDays(90))])).Id;
        ProcedureId = (await (await PostAsync($"/api/projects/{ProjectId}/checklist", new { kind = "LandUse", departmentId = EconomicBureau }, LeadToken))
            .ReadAsJsonAsync<ProjectTracker.Projects.Approvals.ChecklistView>())!.Items.Single().Id;
        var undispatched = await FileAsync(OtherContactToken);
        await AdvanceAndFireDeadlinesAsync(TimeSpan.FromHours(25));   // past the undispatched one's dispatch due
        EscalationId = (await GetAsync<Paged<ProjectTracker.Escalations.Escalation>>($"/api/escalations?requestId={undispatched.Id}", SupervisorToken))
            .Items.Single().Id;

        var former = await this.Post("/api/staff", new { name = "Former administrator", departmentId = EconomicBureau, roles = new[] { Roles.Admin } },
            AdminToken).Json<StaffMember>();
        await this.Put($"/api/staff/{former.Id}", new { name = former.Name, departmentId = EconomicBureau, roles = new[] { Roles.Admin }, active = false },
            AdminToken);
        DeactivatedAdmin = former.Id;
    }
}

public class AccessMatrixTests(AccessMatrixZone zone) : IClassFixture<AccessMatrixZone>
{
    // The callers: one per role, plus those a rule is about. "staff" and "lead" work in the
    // Economic bureau, which holds the request's task; "other staff" (Market bureau) holds none and
    // is not in the project's task force; "contact" is the key enterprise's (the request's filer,
    // the project's lead enterprise), "other contact" another enterprise's.
    private const string Admin = "admin", Supervisor = "supervisor", Dispatcher = "dispatcher", Staff = "staff", Lead = "lead",
        Contact = "contact", OtherStaff = "other staff", OtherContact = "other contact";

    private static readonly string[] Internal = [Admin, Supervisor, Dispatcher, Staff, Lead, OtherStaff];
    private static readonly string[] Everyone = [.. Internal, Contact, OtherContact];

    /// <summary>Who may be answered 2xx; who gets 404 (may not see the record); everyone else gets 403.</summary>
    private sealed record Access(string[] Allowed, string[]? Hidden = null);

    private static readonly Access AdminOnly = new([Admin]);

    /// <summary>README's access tables, one row per operation of the document.</summary>
    private static readonly Dictionary<string, Access> Table = new()
    {
        ["POST /api/enterprises"] = AdminOnly,
        ["POST /api/enterprises/import"] = AdminOnly,
        ["PUT /api/enterprises/{id}"] = AdminOnly,
        ["PUT /api/enterprises/{id}/secretary"] = AdminOnly,
        ["POST /api/enterprises/{id}/contacts"] = AdminOnly,
        ["PUT /api/contacts/{id}"] = AdminOnly,
        ["POST /api/departments"] = AdminOnly,
        ["PUT /api/departments/{id}"] = AdminOnly,
        ["POST /api/staff"] = AdminOnly,
        ["PUT /api/staff/{id}"] = AdminOnly,
        ["POST /api/task-forces"] = AdminOnly,
        ["PUT /api/task-forces/{id}"] = AdminOnly,
        ["PUT /api/routing/{category}"] = AdminOnly,
        ["GET /api/enterprises/{id}"] = new([.. Internal, Contact], [OtherContact]),
        ["GET /api/enterprises"] = new(Internal),
        ["GET /api/enterprises/{id}/contacts"] = new(Internal),
        ["GET /api/contacts/{id}"] = new(Internal),
        ["GET /api/departments"] = new(Internal),
        ["GET /api/departments/{id}"] = new(Internal),
        ["GET /api/staff"] = new(Internal),
        ["GET /api/staff/{id}"] = new(Internal),
        ["GET /api/task-forces"] = new(Internal),
        ["GET /api/task-forces/{id}"] = new(Internal),
        ["GET /api/routing"] = new(Internal),

        ["GET /api/calendars/{year}"] = new(Everyone),
        ["POST /api/calendars/{year}"] = AdminOnly,
        ["PUT /api/calendars/{year}/dates/{date}"] = AdminOnly,

        ["POST /api/requests"] = new([Contact, OtherContact]),
        ["POST /api/requests/{id}/information"] = new([Contact], [OtherContact]),
        ["POST /api/requests/{id}/confirm"] = new([Contact], [OtherContact]),
        ["POST /api/requests/{id}/reopen"] = new([Contact], [OtherContact]),
        ["POST /api/requests/{id}/withdraw"] = new([Contact], [OtherContact]),
        ["POST /api/requests/{id}/pause"] = new([Dispatcher, Supervisor, Staff, Lead], [OtherStaff]),
        ["POST /api/requests/{id}/resume"] = new([Dispatcher, Supervisor, Staff, Lead], [OtherStaff]),
        ["GET /api/requests/paused"] = new([Supervisor, Admin]),
        ["POST /api/requests/{id}/dispatch"] = new([Dispatcher]),
        ["POST /api/requests/{id}/reject"] = new([Dispatcher]),
        ["POST /api/requests/{id}/tasks/{taskId}/accept"] = new([Staff, Lead], [OtherStaff]),
        ["POST /api/requests/{id}/tasks/{taskId}/progress"] = new([Staff, Lead], [OtherStaff]),
        ["POST /api/requests/{id}/tasks/{taskId}/resolve"] = new([Staff, Lead], [OtherStaff]),
        ["POST /api/requests/{id}/tasks/{taskId}/hand-back"] = new([Staff, Lead], [OtherStaff]),
        ["POST /api/requests/{id}/tasks/{taskId}/transfer"] = new([Staff, Lead, Dispatcher], [OtherStaff]),
        ["GET /api/requests/{id}"] = new([Admin, Supervisor, Dispatcher, Staff, Lead, Contact], [OtherStaff, OtherContact]),
        ["GET /api/requests/{id}/timeline"] = new([Admin, Supervisor, Dispatcher, Staff, Lead, Contact], [OtherStaff, OtherContact]),
        ["GET /api/requests/{id}/clocks"] = new([Admin, Supervisor, Dispatcher, Staff, Lead, Contact], [OtherStaff, OtherContact]),
        ["GET /api/requests"] = new(Everyone),
        ["GET /api/queues/dispatch"] = new([Dispatcher]),
        ["GET /api/queues/tasks"] = new([Staff, Lead, OtherStaff]),
        ["GET /api/queues/procedures"] = new([Staff, Lead, OtherStaff]),
        ["GET /api/escalations"] = new([Supervisor, Admin]),
        ["GET /api/escalations/{id}"] = new([Supervisor, Admin]),
        ["POST /api/escalations/{id}/acknowledge"] = new([Supervisor]),
        ["POST /api/escalations/{id}/decision"] = new([Supervisor]),
        ["POST /api/escalations/{id}/close"] = new([Supervisor]),

        ["POST /api/projects"] = new([Lead, Admin]),
        ["POST /api/projects/{id}/milestones/{milestone}/plan"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/milestones/{milestone}/replan"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/milestones/{milestone}/achieve"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/suspend"] = new([Lead, Admin]),
        ["POST /api/projects/{id}/checklist"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/checklist/{itemId}/prerequisites"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/checklist/{itemId}/apply"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/checklist/{itemId}/accept"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/checklist/{itemId}/approve"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/checklist/{itemId}/reject"] = new([Lead, Admin], [Staff, OtherStaff]),
        ["POST /api/projects/{id}/checklist/{itemId}/documents"] = new([Lead, Admin, Contact], [Staff, OtherStaff, OtherContact]),
        ["POST /api/projects/{id}/chief-service-officer"] = new([Lead, Admin]),
        ["POST /api/projects/{id}/resume"] = new([Lead, Admin]),
        ["POST /api/projects/{id}/cancel"] = new([Lead, Admin]),
        ["GET /api/projects"] = new(Everyone),
        ["GET /api/projects/summary"] = new(Everyone),
        ["GET /api/projects/{id}"] = new([Admin, Supervisor, Lead, Contact], [Dispatcher, Staff, OtherStaff, OtherContact]),
        ["GET /api/projects/{id}/checklist"] = new([Admin, Supervisor, Lead, Contact], [Dispatcher, Staff, OtherStaff, OtherContact]),
        // Scorecards: every unit for supervisors and administrators; staff their department (the
        // default kind, department, for the list; the card of the Economic bureau); no one else.
        ["GET /api/scorecards"] = new([Admin, Supervisor, Staff, OtherStaff]),
        ["GET /api/scorecards/{id}"] = new([Admin, Supervisor, Staff]),
        ["GET /api/rankings"] = new([Admin, Supervisor]),
        ["GET /api/exports/scorecards"] = new([Admin, Supervisor, Staff, OtherStaff]),
        ["GET /api/exports/rankings"] = new([Admin, Supervisor]),
        ["GET /api/exports/escalations"] = new([Admin, Supervisor]),
        // The request search as a file: everyone, each seeing what the JSON search shows them (RequestExportTests).
        ["GET /api/exports/requests"] = new(Everyone),

        ["GET /api/projects/{id}/timeline"] = new([Admin, Supervisor, Lead, Contact], [Dispatcher, Staff, OtherStaff, OtherContact]),
    };

    [Fact]
    public async Task every_operation_of_the_document_has_a_row_in_the_access_table()
    {
        var documented = (await OperationsAsync()).Select(o => o.Key).ToHashSet();
        Assert.Empty(documented.Except(Table.Keys));   // a new endpoint: add its row here and in the README
        Assert.Empty(Table.Keys.Except(documented));
    }

    [Fact]
    public async Task every_operation_refuses_a_token_that_speaks_for_no_active_user_with_401()
    {
        var tokens = new Dictionary<string, string?>
        {
            ["anonymous"] = null,
            ["unknown user"] = zone.TokenFor(Guid.NewGuid(), Roles.Admin),
            ["deactivated user"] = zone.TokenFor(zone.DeactivatedAdmin, Roles.Admin),
            ["all-zero sub"] = Api.TokenWithSubject(Guid.Empty.ToString(), Roles.Admin),
            ["no sub"] = Api.TokenWithSubject(null, Roles.Admin),
            ["sub not a user id"] = Api.TokenWithSubject("admin", Roles.Admin),
        };
        var before = await zone.EventTotal();
        var wrong = new List<string>();
        foreach (var operation in await OperationsAsync())
        foreach (var (who, token) in tokens)
        {
            var status = await SendAsync(operation, token);
            if (status != 401) wrong.Add($"{operation.Key} as {who}: {status}");
            else if (!operation.Documented.Contains("401")) wrong.Add($"{operation.Key}: 401 is not in the document");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await zone.EventTotal());
    }

    [Fact]
    public async Task every_operation_answers_each_caller_as_the_access_tables_say()
    {
        var before = await zone.EventTotal();
        var wrong = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            var access = Table[operation.Key];
            foreach (var who in Everyone)
            {
                var allowed = access.Allowed.Contains(who);
                // Reads are called for the allowed too (they must succeed, so the ids are real);
                // changes only for those they must refuse, so the records stay as they are.
                if (allowed && operation.Method != "GET") continue;
                var expected = allowed ? 200 : access.Hidden?.Contains(who) == true ? 404 : 403;
                var status = await SendAsync(operation, Token(who));
                if (status != expected) wrong.Add($"{operation.Key} as {who}: {status}, expected {expected}");
                else if (!operation.Documented.Contains(status.ToString())) wrong.Add($"{operation.Key}: {status} is not in the document");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await zone.EventTotal());
    }

    private string Token(string who) => who switch
    {
        Admin => zone.AdminToken,
        Supervisor => zone.SupervisorToken,
        Dispatcher => zone.SecretaryToken,
        Staff => zone.EconomicToken,
        Lead => zone.LeadToken,
        Contact => zone.KeyContactToken,
        OtherStaff => zone.MarketToken,
        OtherContact => zone.OtherContactToken,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private sealed record Operation(string Method, string Path, string Url, string? Body, string? ContentType)
    {
        /// <summary>The status codes the document lists for the operation.</summary>
        public HashSet<string> Documented { get; init; } = [];

        public string Key => $"{Method} {Path}";
    }

    private async Task<int> SendAsync(Operation operation, string? token) =>
        (await zone.Send(operation.Method, operation.Url, operation.Body, operation.ContentType, token, ApiCalls.AnyVersion)).Context.Response.StatusCode;

    /// <summary>The document's operations, each with real ids in its path and a valid-looking body.</summary>
    private async Task<IReadOnlyList<Operation>> OperationsAsync()
    {
        var document = await zone.Get("/openapi/v1.json", token: null).Json();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            var (body, contentType) = op.Value.TryGetProperty("requestBody", out var requestBody) ? SampleBody(requestBody, schemas) : (null, null);
            operations.Add(new Operation(op.Name.ToUpperInvariant(), path.Name, Fill(path.Name), body, contentType)
            {
                Documented = op.Value.TryGetProperty("responses", out var responses) ? [.. responses.EnumerateObject().Select(r => r.Name)] : [],
            });
        }
        return operations;
    }

    /// <summary>Path parameters: the record of the resource the path names.</summary>
    private string Fill(string path)
    {
        var resource = path.Split('/')[2];
        return path.Replace("{id}", path.Contains("{id}") ? zone.RecordFor(resource).ToString() : "")
            .Replace("{taskId}", zone.TaskId.ToString())
            .Replace("{itemId}", zone.ProcedureId.ToString())
            .Replace("{milestone}", "Signed")
            .Replace("{category}", "Funding")
            .Replace("{year}", "2026")
            .Replace("{date}", "2026-12-31");
    }

    private (string?, string?) SampleBody(JsonElement requestBody, JsonElement schemas)
    {
        var content = requestBody.GetProperty("content");
        if (content.TryGetProperty("application/json", out var json))
            return (json.TryGetProperty("schema", out var schema) ? Sample(schema, schemas, "")?.ToJsonString() ?? "{}" : "{}", "application/json");
        var type = content.EnumerateObject().First().Name;
        return (type == "text/csv" ? "name,creditCode\n" : "", type);
    }

    /// <summary>A value each property's schema accepts; ids by the property's name, so references exist.</summary>
    private JsonNode? Sample(JsonElement schema, JsonElement schemas, string name)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return Sample(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas, name);
        if (schema.TryGetProperty("oneOf", out var oneOf))
            return Sample(oneOf.EnumerateArray().First(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")), schemas, name);
        if (schema.TryGetProperty("enum", out var values))
            return JsonValue.Create(values.EnumerateArray().First(v => v.ValueKind == JsonValueKind.String).GetString());
        var type = !schema.TryGetProperty("type", out var t2) ? "object"
            : t2.ValueKind == JsonValueKind.Array ? t2.EnumerateArray().Select(x => x.GetString()).First(x => x != "null")! : t2.GetString()!;
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "object" => new JsonObject(schema.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Sample(p.Value, schemas, p.Name)))
                : []),
            "array" => new JsonArray(Sample(schema.GetProperty("items"), schemas, name)),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1_000_000),
            "boolean" => JsonValue.Create(true),
            _ => format switch
            {
                "uuid" => JsonValue.Create(IdFor(name)),
                "date" => JsonValue.Create("2030-06-01"),
                "date-time" => JsonValue.Create("2030-06-01T09:00:00+08:00"),
                _ => JsonValue.Create("Access matrix"),
            },
        };
    }

    private Guid IdFor(string property) => property switch
    {
        "assigneeId" or "departmentId" or "departmentIds" or "responsibleDepartmentId" => zone.MarketBureau,
        "leadEnterpriseId" => zone.KeyEnterprise,
        "taskForceId" => zone.LandTaskForce,
        "projectId" => zone.ProjectId,
        _ => zone.EconomicStaff,   // leadId, memberIds, secretaryId, userId: a staff member
    };
}
