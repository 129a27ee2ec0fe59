using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ProjectTracker.Infrastructure;

/// <summary>Configuration section RateLimits: a token bucket per user (per client address before sign-in).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a user may make at once.</summary>
    public int Burst { get; set; } = 120;
    /// <summary>Requests a user regains per second, up to <see cref="Burst"/>.</summary>
    public int PerSecond { get; set; } = 20;
}

/// <summary>
/// ASP.NET Core's rate limiter, one bucket per caller: a runaway script or a leaked token cannot
/// crowd out a zone's other users. Over the limit: 429 ProblemDetails with Retry-After. Health
/// and the API document are not limited.
/// </summary>
public static class RateLimits
{
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/openapi")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(Caller(http), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.Burst, TokensPerPeriod = limits.PerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0, AutoReplenishment = true,
                    }));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Title = "Too many requests",
                        Detail = $"At most {limits.Burst} requests at once and {limits.PerSecond} a second per user; retry after the Retry-After seconds.",
                    },
                });
            };
        });
    }

    /// <summary>The token's subject once authenticated (UseAuthentication runs first), else the client address.</summary>
    private static string Caller(HttpContext http) =>
        http.User.FindFirst(System.IdentityModel.Tokens.Jwt.JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } sub
            ? "user:" + sub
            : "addr:" + http.Connection.RemoteIpAddress;
}
