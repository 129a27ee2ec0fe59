using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Access;

/// <summary>The roles of the directory (a token may name some of them, to use fewer).</summary>
public static class Roles
{
    public const string Contact = "contact";         // 企业联系人
    public const string Dispatcher = "dispatcher";   // secretary (秘书) or the dispatch desk (分解推送)
    public const string Staff = "staff";             // department / task-force staff (部门 / 专班)
    public const string Lead = "lead";               // task-force lead (专班牵头领导)
    public const string Supervisor = "supervisor";   // 督查
    public const string Admin = "admin";

    public static readonly string[] All = [Contact, Dispatcher, Staff, Lead, Supervisor, Admin];
}

/// <summary>
/// Standard JWT bearer settings. Either Authority (a real identity provider: OIDC discovery) or
/// SigningKey (symmetric, for development and tests) must be set; Issuer and Audience always are.
/// </summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "projecttracker";
    public string Audience { get; set; } = "projecttracker-api";
    public string? Authority { get; set; }
    public string? SigningKey { get; set; }
}

public static class Identity
{
    public const string RoleClaim = "role";

    public static void AddIdentity(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (auth.Authority is null && string.IsNullOrWhiteSpace(auth.SigningKey))
            throw new InvalidOperationException("Auth:Authority or Auth:SigningKey must be configured (see README, Configuration).");
        builder.Services.AddSingleton(auth);
        builder.Services.AddCallers();

        // The API takes a bearer token, or the console's cookie when there is no Authorization header (ConsoleSessions.cs).
        builder.Services.AddAuthentication(ConsoleSessions.ApiScheme)
            .AddConsoleSessions(builder)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                if (auth.Authority is not null) o.Authority = auth.Authority;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKey = auth.SigningKey is null ? null : Key(auth.SigningKey),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    // A well-signed token is not enough: the directory says who may call, and as what.
                    OnTokenValidated = Callers.IdentifyAsync,
                    OnChallenge = ChallengeAsync,
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    /// <summary>
    /// 401 as ProblemDetails saying what to fix. A refusal of our own (an <see cref="ApiProblem"/>,
    /// e.g. a subject the directory does not know) is named; the token handler's own reasons
    /// (signature, lifetime, audience) are summed up, as the WWW-Authenticate header does.
    /// </summary>
    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var detail = context.AuthenticateFailure switch
        {
            null => "This endpoint needs a bearer token.",
            ApiProblem p => p.Message,
            _ => "The bearer token is invalid or has expired.",
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 401, Title = "Unauthorized", Detail = detail },
        });
    }

    internal static SymmetricSecurityKey Key(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    /// <summary>Mints a token signed with the configured development key (CLI `dev-token`, tests).</summary>
    public static string MintDevelopmentToken(AuthOptions auth, Guid userId, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        if (string.IsNullOrWhiteSpace(auth.SigningKey))
            throw new InvalidOperationException("No Auth:SigningKey configured: tokens come from the identity provider.");
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId.ToString()) };
        claims.AddRange(roles.Select(r => new Claim(RoleClaim, r)));
        var token = new JwtSecurityToken(auth.Issuer, auth.Audience, claims, now.UtcDateTime, (now + lifetime).UtcDateTime,
            new SigningCredentials(Key(auth.SigningKey), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
