using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// A refusal of the HTTP exchange itself (a header, the body, a query value): becomes an RFC 9457
/// ProblemDetails response. A decision's refusals are <see cref="Refusal"/>s.
/// </summary>
public sealed class ApiProblem(int status, string title, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Field { get; } = field;

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
            Refusal r => Describe(r),
            // Two writers held the same version and the other committed first: the If-Match is stale now.
            ConcurrencyException when http.GetEndpoint()?.Metadata.GetMetadata<RequiresIfMatchAttribute>() is not null => new ProblemDetails
            {
                Status = 412, Title = "Precondition failed",
                Detail = "The record was changed by someone else meanwhile; reload it and decide again.",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { ["If-Match"] = ["The record was changed meanwhile."] } },
            },
            ConcurrencyException => new ProblemDetails
            {
                Status = 409, Title = "Conflict",
                Detail = "The resource was changed by someone else; reload it and try again.",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "Bad request", Detail = b.Message },
            System.Text.Json.JsonException j => Describe(JsonInput.Refusal(j, body: null)),
            // A unique index (e.g. one credit code per enterprise) lost a race between two writers.
            DocumentAlreadyExistsException => new ProblemDetails { Status = 409, Title = "Conflict", Detail = "That record already exists." },
            _ => null,
        };
        if (problem is null && DatabaseUnavailable(exception))
        {
            // PostgreSQL down or restarting: the caller may retry (nothing was committed); we reconnect by ourselves.
            log.LogWarning("Database unavailable on {Method} {Path} (trace {TraceId}): {Error}", http.Request.Method, http.Request.Path,
                http.TraceIdentifier, exception.GetBaseException().Message);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http, Exception = exception,
                ProblemDetails = new ProblemDetails { Status = 503, Title = "Service unavailable", Detail = "The database cannot be reached just now; retry in a few seconds." },
            });
        }
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path} (trace {TraceId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
            return false;
        }
        // The client's mistake, not ours: information, without the request's text (it may be an
        // enterprise's, or an attack's).
        log.LogInformation("Refused {Method} {Route}: {Status} {Title}", http.Request.Method,
            (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint as RouteEndpoint)?.RoutePattern.RawText, problem.Status, problem.Title);
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// Names the field in <c>errors</c> in the 4xx answers the framework writes itself, like in
    /// every other: Wolverine.Http's for a query value it cannot parse (<c>?page=abc</c>, the
    /// parameter in its own extension), and routing's 415 for a body of a type the endpoint does
    /// not read.
    /// </summary>
    public static void NameTheField(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("errors")) return;
        if (problem.Extensions.TryGetValue("parameter", out var parameter) && parameter is string name)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [problem.Detail ?? "Invalid value."] };
        else if (problem.Status == 415)
        {
            problem.Detail ??= "This endpoint does not read a body of that Content-Type.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = [problem.Detail] };
        }
    }

    /// <summary>A connection that could not be opened or was cut (Npgsql calls these transient), wherever in the chain.</summary>
    public static bool DatabaseUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException
                // shutting down, crashed, starting up; or the database refusing connections (ALLOW_CONNECTIONS off)
                or Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" }
                || e is Npgsql.PostgresException { SqlState: "55000" } p && p.MessageText.Contains("not currently accepting connections")) return true;
        return false;
    }

    private static ProblemDetails Describe(ApiProblem p)
    {
        var d = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message };
        if (p.Field is not null) d.Extensions["errors"] = new Dictionary<string, string[]> { [p.Field] = [p.Message] };
        return d;
    }

    /// <summary>The one mapping of a decision's refusal to HTTP.</summary>
    public static (int Status, string Title) StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => (404, "Not found"),
        RefusalKind.Forbidden => (403, "Forbidden"),
        RefusalKind.Conflict => (409, "Conflict"),
        RefusalKind.Stale => (412, "Precondition failed"),
        _ => (400, "Invalid request"),
    };

    private static ProblemDetails Describe(Refusal r)
    {
        var (status, title) = StatusOf(r.Kind);
        var d = new ProblemDetails { Status = status, Title = title, Detail = r.Message };
        if (r.Field is not null) d.Extensions["errors"] = new Dictionary<string, string[]> { [r.Field] = [r.Message] };
        if (r.Current is not null) d.Extensions["current"] = r.Current;
        return d;
    }
}
