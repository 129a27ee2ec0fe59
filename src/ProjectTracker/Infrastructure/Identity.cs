using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace ProjectTracker.Infrastructure;

/// <summary>The roles a token can carry; the directory says where a holder belongs.</summary>
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
    public static void AddIdentity(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (auth.Authority is null && string.IsNullOrWhiteSpace(auth.SigningKey))
            throw new InvalidOperationException("Auth:Authority or Auth:SigningKey must be configured (see README, Configuration).");
        builder.Services.AddSingleton(auth);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
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
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    internal static SymmetricSecurityKey Key(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    /// <summary>Mints a token signed with the configured development key (CLI `dev-token`, tests).</summary>
    public static string MintDevelopmentToken(AuthOptions auth, Guid userId, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        if (string.IsNullOrWhiteSpace(auth.SigningKey))
            throw new InvalidOperationException("No Auth:SigningKey configured: tokens come from the identity provider.");
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId.ToString()) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        var token = new JwtSecurityToken(auth.Issuer, auth.Audience, claims, now.UtcDateTime, (now + lifetime).UtcDateTime,
            new SigningCredentials(Key(auth.SigningKey), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
