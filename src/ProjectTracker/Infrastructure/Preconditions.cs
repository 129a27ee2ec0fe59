using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Marks a command on an existing record (a request, a project, an escalation, a directory entry,
/// a calendar year): it must say which version of the record its sender saw.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresIfMatchAttribute : Attribute;

/// <summary>
/// The one concurrency contract on the wire. Every read and every command's answer carries
/// <c>ETag: "7"</c> (the record's stream version); every command on an existing record must send
/// it back as <c>If-Match: "7"</c>: absent, 428; stale, 412 naming the current version (the
/// decision compares it with the state it loaded, and Marten checks it again at commit, so two
/// writers holding the same version cannot both win). <c>If-Match: *</c> (RFC 9110: "whatever
/// version there is") is the sender's explicit choice to overwrite what it has not seen.
/// </summary>
public static class Preconditions
{
    private sealed record Expected(int? Version);

    public static void UsePreconditions(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RequiresIfMatchAttribute>() is not null)
            http.Features.Set(new Expected(Parse(http.Request)));
        await next(http);
    });

    /// <summary>The version the sender saw (null: <c>If-Match: *</c>); only on endpoints that require If-Match.</summary>
    public static int? ExpectedVersion(this HttpContext http) =>
        (http.Features.Get<Expected>() ?? throw new InvalidOperationException("This endpoint is not marked [RequiresIfMatch].")).Version;

    /// <summary>Called from decisions, on the state they loaded, before any event is decided.</summary>
    public static void Expect(int? expected, int current, string what)
    {
        if (expected is { } v && v != current)
            throw new Refusal(RefusalKind.Stale,
                $"{what} is at version {current}, not {v}: it was changed since you read it. Reload it and decide again.", "If-Match",
                new { version = current });
    }

    public static T Tag<T>(HttpContext http, T document, int version)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return document;
    }

    private static int? Parse(HttpRequest request)
    {
        var tags = request.GetTypedHeaders().IfMatch;
        if (request.Headers.IfMatch.Count == 0)
            throw new ApiProblem(428, "Precondition required",
                "Send If-Match with the ETag of your last read of this record (e.g. If-Match: \"7\"), so that this change cannot overwrite one you have not seen.",
                "If-Match");
        if (tags is [var any] && any.Equals(EntityTagHeaderValue.Any)) return null;
        // A weak tag (W/"7") is taken as the same version: proxies that compress answers weaken ETags.
        if (tags is not [var tag]
            || !int.TryParse(tag.Tag.AsSpan().Trim('"'), System.Globalization.NumberStyles.None, null, out var version))
            throw ApiProblem.Invalid("If-Match", "If-Match takes one ETag exactly as a read returned it, e.g. \"7\" (with the quotes), or *.");
        return version;
    }
}

/// <summary>
/// Documents the If-Match header and the 409/412/428 answers on every operation that requires
/// it: a command on an existing record, which its state may refuse.
/// </summary>
internal sealed class IfMatchDocs : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresIfMatchAttribute>().Any()) return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match", In = ParameterLocation.Header, Required = true,
            Description = "The ETag of your last read of the record (e.g. \"7\"), or * to overwrite whatever version there is.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, description) in new[]
                 {
                     ("409", "The record's state does not allow this now (e.g. it is closed, or it was already done); the detail says why."),
                     ("412", "The record changed since the ETag in If-Match was read; current.version is its version now."),
                     ("428", "If-Match is missing."),
                 })
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) } },
            };
        return Task.CompletedTask;
    }
}
