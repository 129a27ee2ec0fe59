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
            .AddOperationTransformer<ErrorResponses>().AddOperationTransformer<IfMatchDocs>().AddSchemaTransformer<EnumNamesSchema>());
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
/// generator only describes bodies bound to a parameter, so describe those as text here.
/// </summary>
internal sealed class NonJsonBodies : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var accepts = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().FirstOrDefault();
        if (operation.RequestBody is not null || accepts is null || accepts.ContentTypes.Count == 0) return Task.CompletedTask;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = accepts.ContentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
        };
        return Task.CompletedTask;
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
/// The refusals every operation can give, documented once for all: 401 where a token is needed,
/// 403 where the caller's roles or relation to the record decide, 404 where the path names a
/// record, 400 where input is read, each with a ProblemDetails body. (The access matrix test checks
/// that every refusal it observes is in the document.)
/// </summary>
internal sealed class ErrorResponses : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        operation.Responses ??= new OpenApiResponses();
        void Add(string status, string description)
        {
            if (operation.Responses.ContainsKey(status)) return;
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) } },
            };
        }
        if (!anonymous)
        {
            Add("401", "No token, or one that speaks for no active user of the directory.");
            Add("403", "The caller's roles, or relation to the record, do not allow this.");
        }
        if (context.Description.RelativePath?.Contains('{') == true) Add("404", "No such record, or one the caller may not see.");
        if (operation.RequestBody is not null || operation.Parameters?.Count > 0) Add("400", "Invalid input; errors names each field.");
        if (operation.RequestBody is not null) Add("415", "The body's Content-Type is missing or not one this operation reads.");
        Add("429", "Too many requests from this user; see Retry-After.");
        return Task.CompletedTask;
    }
}
