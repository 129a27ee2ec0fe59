using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProjectTracker.Infrastructure;

public static class ApiDocs
{
    public static void AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiErrors.NameTheField);
        builder.Services.AddExceptionHandler<ApiErrors>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityScheme>().AddOperationTransformer<NonJsonBodies>()
            .AddOperationTransformer<ErrorResponses>().AddOperationTransformer<IfMatchDocs>()
            .AddSchemaTransformer<EnumNamesSchema>().AddSchemaTransformer<RequiredAsValidated>());
    }
}

/// <summary>Describes the JWT bearer scheme and requires it for every operation.</summary>
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "JWT from the zone's identity provider (development: `deploy/run.sh dev-token`).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}

/// <summary>
/// An endpoint that reads its body itself (e.g. a CSV import) declares it with [Consumes]; the
/// generator only describes bodies bound to a parameter, so describe those here: as text, and a
/// JSON body as the type [Consumes] names (which the input policy then reads it as, too).
/// </summary>
internal sealed class NonJsonBodies : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var accepts = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().FirstOrDefault();
        if (operation.RequestBody is not null || accepts is null || accepts.ContentTypes.Count == 0) return;
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var type in accepts.ContentTypes)
            content[type] = new OpenApiMediaType
            {
                Schema = type == "application/json" && accepts.RequestType is { } body
                    ? await Component(body, context, ct)
                    : new OpenApiSchema { Type = JsonSchemaType.String },
            };
        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }

    /// <summary>The type's schema, under its name in the components like any bound body.</summary>
    private static async Task<IOpenApiSchema> Component(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: ct);
        context.Document!.AddComponent(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, context.Document);
    }
}

/// <summary>
/// Enums are read by a converter of our own (names only: <see cref="JsonInput"/>), and OpenAPI
/// cannot see into a custom converter: list their names in the schema again.
/// </summary>
internal sealed class EnumNamesSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum) schema.Enum = [.. Enum.GetNames(type).Select(name => (System.Text.Json.Nodes.JsonNode)name)];
        return Task.CompletedTask;
    }
}

/// <summary>
/// The answers every operation can give, documented once for all and only where they can
/// happen: one success (the one the endpoint declares; Wolverine.Http also lists 200 for any
/// returned type), 401 where a token is needed, 403 where roles limit the caller or the endpoint
/// declares it, 404 where the path names a record by id or the endpoint declares it (Wolverine.Http
/// lists 404 for any returned type, a list included), 400 everywhere (every query string and
/// header is held to the input policy), 413 and 415 where a body is read, 429 everywhere. Each
/// refusal with a ProblemDetails body. (The access matrix and the bad-input corpus check every
/// answer they observe is here; <c>ApiDocumentTruthTests</c> that what is here can happen.)
/// </summary>
internal sealed class ErrorResponses : IOpenApiOperationTransformer
{
    private static readonly string[] Ours = ["400", "401", "403", "404", "413", "415", "429"];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var declared = metadata.OfType<Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute>().Select(p => p.StatusCode.ToString()).ToHashSet();
        var anonymous = metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        var roleLimited = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles) || !string.IsNullOrEmpty(a.Policy));
        var namesRecord = context.Description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path
            && (Nullable.GetUnderlyingType(p.Type ?? typeof(object)) ?? p.Type) == typeof(Guid));
        var readsBody = operation.RequestBody is not null;
        operation.Responses ??= new OpenApiResponses();

        if (declared.Any(d => d.StartsWith('2')))
            foreach (var other in operation.Responses.Keys.Where(k => k.StartsWith('2') && !declared.Contains(k)).ToList()) operation.Responses.Remove(other);
        if (!namesRecord && !declared.Contains("404")) operation.Responses.Remove("404");

        void Add(string status, string? description)
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description ?? (operation.Responses.TryGetValue(status, out var given) ? given.Description : null) ?? "Refused; see the ProblemDetails.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) } },
            };
        }
        if (!anonymous) Add("401", "No token, or one that speaks for no active user of the directory.");
        if (!anonymous && (roleLimited || declared.Contains("403"))) Add("403", "The caller's roles, or relation to the record, do not allow this.");
        if (namesRecord || declared.Contains("404")) Add("404", "No such record, or one the caller may not see.");
        Add("400", "Invalid input; errors names each field (a query value, header, path value or body field).");
        if (readsBody)
        {
            Add("413", "The body is larger than this operation takes.");
            Add("415", "The body's Content-Type is missing or not one this operation reads.");
        }
        foreach (var status in declared.Where(d => d[0] is '4' or '5' && !Ours.Contains(d))) Add(status, null);
        Add("429", "Too many requests from this user; see Retry-After.");
        return Task.CompletedTask;
    }
}
