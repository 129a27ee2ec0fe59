using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Access;

namespace ProjectTracker.Tests.BadInput;

/// <summary>What one call answered.</summary>
public sealed record Answer(int Status, string? ContentType, string Body)
{
    public string Excerpt => Body.Length > 300 ? Body[..300] + "…" : Body;
}

/// <summary>
/// Sends calls to the operations of the API document on the access matrix's real records (a
/// request dispatched with a task, a project with a milestone plan, an escalation, the key
/// enterprise, its contact, a department, staff, a task force, the 2026 calendar), as a caller
/// allowed to call them, with the record's current ETag in If-Match on commands.
/// </summary>
public sealed class CorpusRun(AccessMatrixZone zone)
{
    private readonly Dictionary<string, string?> _etags = new();

    /// <summary>A path parameter's real value: the record of the resource the path names.</summary>
    public string Fill(ApiOperation op, string parameter) => parameter switch
    {
        "id" => zone.RecordFor(op.Path.Split('/')[2]).ToString(),
        "taskId" => zone.TaskId.ToString(),
        "itemId" => zone.ProcedureId.ToString(),
        "milestone" => "Signed",
        "category" => "Funding",
        // The calendar load answers for a year not loaded yet; the others for a shipped year.
        "year" => op is { Method: "POST", Path: "/api/calendars/{year}" } ? "2031" : "2026",
        "date" => "2026-12-31",
        _ => throw new InvalidOperationException($"No value for {{{parameter}}} in {op.Key}: give the corpus one."),
    };

    /// <summary>Ids in a sample body, by the property's name, so that every reference exists.</summary>
    public Guid IdFor(string property) => property switch
    {
        "assigneeId" or "departmentId" or "departmentIds" or "responsibleDepartmentId" => zone.MarketBureau,
        "leadEnterpriseId" => zone.KeyEnterprise,
        "taskForceId" => zone.LandTaskForce,
        "projectId" => zone.ProjectId,
        "secretaryId" => zone.Secretary,
        "leadId" => zone.TaskForceLead,
        _ => zone.EconomicStaff,   // memberIds, userId: a staff member
    };

    /// <summary>Values the property's name says more about than its type (text with a vocabulary, the calendar's year), else null.</summary>
    public static JsonNode? ValueFor(string property, FieldKind kind) => (property, kind) switch
    {
        ("creditCode", _) => Fixtures.DirectoryCalls.NextCreditCode(),
        ("roles", _) => new JsonArray(Roles.Staff),
        ("kind", FieldKind.Text) => "Off",                 // a calendar day's
        ("date", FieldKind.Text) => "2031-10-01",          // a calendar day's, in the year loaded
        ("year", _) => 2031,
        ("businessHours", _) => new JsonArray("08:30-12:00"),
        ("phone", _) => "0536-8881234",
        _ => null,
    };

    /// <summary>A valid JSON body for the operation, or null when it reads none as JSON.</summary>
    public JsonObject? Sample(ApiDocument doc, ApiOperation op) =>
        op.JsonBody is { } schema ? (JsonObject)doc.Sample(schema, "", IdFor, ValueFor)! : null;

    private RouteEndpoint Endpoint(ApiOperation op) =>
        zone.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => "/" + e.RoutePattern.RawText!.TrimStart('/') == op.Path
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(op.Method) == true);

    /// <summary>The largest body the operation takes (its own [RequestSizeLimit], else the JSON limit).</summary>
    public long BodyLimitFor(ApiOperation op) =>
        Endpoint(op).Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? BodyLimits.Json;

    /// <summary>A contact's token where only contacts may call, else one holding every staff role.</summary>
    public string TokenFor(ApiOperation op)
    {
        var roles = Endpoint(op).Metadata.GetOrderedMetadata<IAuthorizeData>().SelectMany(a => a.Roles?.Split(',') ?? []).Select(r => r.Trim()).ToHashSet();
        return roles.Count > 0 && roles.All(r => r == Roles.Contact) ? zone.KeyContactToken : zone.TokenFor(zone.EveryRole);
    }

    /// <summary>Headers for a command on an existing record: If-Match with the ETag its read gives (nothing changes during a run).</summary>
    public async Task<IReadOnlyDictionary<string, string>> HeadersFor(ApiDocument doc, ApiOperation op)
    {
        var headers = new Dictionary<string, string>();
        if (op.Method == "GET" || !op.Path.Contains('{')) return headers;
        var end = op.Path.IndexOf('}') + 1;
        var reads = new[] { op.Path[..end], op.Path[..(op.Path.IndexOf('{') - 1)] };
        var read = reads.FirstOrDefault(r => doc.Operations.Any(o => o.Method == "GET" && o.Path == r));
        if (read is null) return headers;
        var url = System.Text.RegularExpressions.Regex.Replace(read, @"\{(\w+)\}", m => Fill(op, m.Groups[1].Value));
        if (!_etags.TryGetValue(url, out var etag))
        {
            var result = await zone.Host.Scenario(s => { s.Get.Url(url); s.WithBearerToken(zone.TokenFor(zone.EveryRole)); s.IgnoreStatusCode(); });
            _etags[url] = etag = result.Context.Response.Headers.ETag.FirstOrDefault();
        }
        if (etag is not null) headers["If-Match"] = etag;
        return headers;
    }

    public async Task<Answer> SendAsync(BadCase c, string? token)
    {
        var result = await zone.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(http =>
            {
                var (path, query) = c.Url.IndexOf('?') is var q and >= 0 ? (c.Url[..q], c.Url[q..]) : (c.Url, "");
                http.Request.Method = c.Method;
                http.Request.Path = PathString.FromUriComponent(path);
                http.Request.QueryString = new QueryString(query);
                if (c.Body is not null)
                {
                    http.Request.Body = new MemoryStream(c.Body);
                    http.Request.ContentLength = c.Body.Length;
                }
                if (c.ContentType is not null) http.Request.ContentType = c.ContentType;
                if (token is not null) http.Request.Headers.Authorization = $"Bearer {token}";
                foreach (var (name, value) in c.Headers) http.Request.Headers[name] = value;
            });
            s.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return new Answer(response.StatusCode, response.ContentType, await result.ReadAsTextAsync());
    }

    /// <summary>What is wrong with an answer to a bad case, or null when it is a 4xx ProblemDetails naming the field.</summary>
    public static string? Judge(BadCase c, Answer a)
    {
        if (a.Status != c.ExpectedStatus) return $"expected {c.ExpectedStatus}";
        if (a.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true) return "not application/problem+json";
        JsonElement problem;
        try { problem = JsonDocument.Parse(a.Body).RootElement; }
        catch (JsonException) { return "not JSON"; }
        var keys = problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(e => e.Name).ToArray() : [];
        // The field itself or a part of it, and nothing else (another field named means the
        // sample around it was not valid, and the case proved nothing). A list's item may be
        // named by its list (attachments for attachments[0]), never an object's member by its object.
        var list = System.Text.RegularExpressions.Regex.Replace(c.Names, @"\[\d+\]$", "");
        bool Names(string k) => k.Equals(c.Names, StringComparison.OrdinalIgnoreCase) || k.Equals(list, StringComparison.OrdinalIgnoreCase)
            || k.StartsWith(c.Names + ".", StringComparison.OrdinalIgnoreCase) || k.StartsWith(c.Names + "[", StringComparison.OrdinalIgnoreCase);
        if (keys.Length > 0) return keys.All(Names) ? null : $"names {string.Join(", ", keys.Where(k => !Names(k)))}, not only {c.Names}";
        var text = $"{Text(problem, "title")} {Text(problem, "detail")}";
        return c.NamedInTextToo && text.Contains(c.Names, StringComparison.OrdinalIgnoreCase) ? null : $"does not name {c.Names}";
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>Events, streams and every document table's rows: a refused call changes none of them.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RowsAsync()
    {
        await using var conn = new NpgsqlConnection(zone.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_name like 'mt_doc_%' or table_name in ('mt_events', 'mt_streams') order by 1", conn))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var rows = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table}", conn);
            rows[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        return rows;
    }

    public static string Differences(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        string.Join(", ", before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t)} → {after.GetValueOrDefault(t)}"));
}
