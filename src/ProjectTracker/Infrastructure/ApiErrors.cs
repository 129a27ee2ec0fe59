using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ProjectTracker.Infrastructure;

/// <summary>A broken domain rule or a rejected input: becomes an RFC 9457 ProblemDetails response.</summary>
public sealed class ApiProblem(int status, string title, string detail, string? field = null, object? extra = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Field { get; } = field;
    public object? Extra { get; } = extra;

    public static ApiProblem NotFound(string what) => new(404, "Not found", $"{what} was not found.");
    public static ApiProblem Forbidden(string detail) => new(403, "Forbidden", detail);
    public static ApiProblem Conflict(string detail, object? extra = null) => new(409, "Conflict", detail, extra: extra);
    public static ApiProblem Invalid(string field, string detail) => new(400, "Invalid request", detail, field);
}

/// <summary>The one place exceptions become HTTP answers: never a bare 500 for a client's mistake.</summary>
public sealed class ApiErrors(IProblemDetailsService problems, ILogger<ApiErrors> log) : IExceptionHandler
{
    /// <summary>`?page=abc` is a 400 naming the parameter, not a silent default.</summary>
    public static void Configure(WolverineHttpOptions opts) => opts.RejectUnparseableQueryValues = true;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            ApiProblem p => Describe(p),
            ConcurrencyException => new ProblemDetails
            {
                Status = 409, Title = "Conflict",
                Detail = "The resource was changed by someone else; reload it and try again.",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "Bad request", Detail = b.Message },
            System.Text.Json.JsonException j => new ProblemDetails { Status = 400, Title = "Malformed body", Detail = j.Message },
            // A unique index (e.g. one credit code per enterprise) lost a race between two writers.
            DocumentAlreadyExistsException => new ProblemDetails { Status = 409, Title = "Conflict", Detail = "That record already exists." },
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            return false;
        }
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(ApiProblem p)
    {
        var d = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message };
        if (p.Field is not null) d.Extensions["errors"] = new Dictionary<string, string[]> { [p.Field] = [p.Message] };
        if (p.Extra is not null) d.Extensions["current"] = p.Extra;
        return d;
    }
}
