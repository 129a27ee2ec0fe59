using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Access;

/// <summary>
/// The console's OpenID Connect client (<c>Console:Oidc</c>). Without an authority and a client id
/// there is no OIDC sign-in: the service still starts, and the sign-in page says so.
/// </summary>
public sealed class ConsoleOidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The id token's claim holding the directory's user id (as a bearer token's <c>sub</c> does).</summary>
    public string UserIdClaim { get; set; } = "sub";
    /// <summary>The id token's role claims narrow the directory's roles, as a bearer token's do (<see cref="Caller.NarrowedTo"/>).</summary>
    public string RoleClaim { get; set; } = Identity.RoleClaim;
    /// <summary>Scopes asked for beyond <c>openid profile</c>.</summary>
    public string[] Scopes { get; set; } = [];
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Configured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// The console's sessions: a cookie, issued by the development sign-in page or by the OIDC
/// provider's sign-in. API endpoints authenticate with <see cref="ApiScheme"/>, which takes the
/// bearer token when there is an Authorization header and the console cookie otherwise, so both go
/// through the same authorization policies. As for a bearer token, the directory decides on every
/// call who the session speaks for (<see cref="Callers"/>: unknown or deactivated users are out
/// within <see cref="Callers.KeptFor"/>). Every state-changing call made with the cookie carries an
/// anti-forgery token in <see cref="AntiforgeryHeader"/> (<see cref="UseConsoleAntiforgery"/>).
/// </summary>
public static class ConsoleSessions
{
    public const string ApiScheme = "BearerOrConsole";
    public const string CookieScheme = "ConsoleCookie";
    public const string OidcScheme = "ConsoleOidc";
    public const string CookieName = "pt.console";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";
    public const string NameClaim = "name";

    /// <summary>A working day; no sliding renewal, so a session's role claims are never rewritten.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(10);

    public static AuthenticationBuilder AddConsoleSessions(this AuthenticationBuilder auth, WebApplicationBuilder builder)
    {
        var oidc = builder.Configuration.GetSection("Console:Oidc").Get<ConsoleOidcOptions>() ?? new ConsoleOidcOptions();
        builder.Services.AddSingleton(oidc);
        // Session cookies and anti-forgery tokens are protected with these keys: every node must share them.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("ProjectTracker");
        if (builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } keys) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "pt.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        auth.AddPolicyScheme(ApiScheme, "Bearer token, else the console's cookie", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey(CookieName)
                ? CookieScheme
                : JwtBearerDefaults.AuthenticationScheme);

        auth.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: the provider's redirect back is a cross-site navigation, and the first
            // page after it must see the session. Cross-site posts are refused by the anti-forgery token.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = Lifetime;
            o.SlidingExpiration = false;
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = IdentifyAsync,
                // API calls answer as for a bearer token; the pages redirect by themselves (WebConsole/ConsolePages).
                OnRedirectToLogin = c => UnauthorizedAsync(c.HttpContext),
                OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; },
            };
        });

        if (oidc.Configured)
            auth.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.SignInScheme = CookieScheme;
                o.CallbackPath = "/console/signin-oidc";
                o.SignedOutCallbackPath = "/console/signout-callback-oidc";
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile" }.Concat(oidc.Scopes)) o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = NameClaim;
                o.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
                o.Events = new OpenIdConnectEvents
                {
                    OnTokenValidated = c => SignedInByProviderAsync(c, oidc),
                    // A refused or failed sign-in goes back to the sign-in page, which says so (never a 500).
                    OnRemoteFailure = c =>
                    {
                        c.HandleResponse();
                        c.Response.Redirect("/console/sign-in?failed=1");
                        return Task.CompletedTask;
                    },
                };
            });
        return auth;
    }

    /// <summary>The session's principal: the user id, a display name, the roles it may use (none: all the directory gives).</summary>
    public static ClaimsPrincipal Principal(Guid userId, string name, IEnumerable<string> roles) =>
        new(new ClaimsIdentity(
            new[] { new Claim(System.IdentityModel.Tokens.Jwt.JwtRegisteredClaimNames.Sub, userId.ToString()), new Claim(NameClaim, name) }
                .Concat(roles.Select(r => new Claim(Identity.RoleClaim, r))),
            CookieScheme, NameClaim, Identity.RoleClaim));

    /// <summary>The directory's entry for a session's subject, narrowed to the roles it names; null: not an active user.</summary>
    public static async Task<Caller?> FindAsync(HttpContext http, string? subject, IEnumerable<string> roles)
    {
        if (!Guid.TryParse(subject, out var userId) || userId == Guid.Empty) return null;
        var services = http.RequestServices;
        var found = await services.GetRequiredService<Callers>().FindAsync(services.GetRequiredService<IQuerySession>, userId, http.RequestAborted);
        return found?.NarrowedTo(roles.ToHashSet());
    }

    /// <summary>
    /// Every request with the cookie: the directory says whether, and as whom, its user may still
    /// act (as <see cref="Callers.IdentifyAsync"/> does for a bearer token), and its roles replace
    /// the cookie's for this request only (the cookie is not rewritten).
    /// </summary>
    private static async Task IdentifyAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var caller = await FindAsync(context.HttpContext, principal.FindFirstValue(System.IdentityModel.Tokens.Jwt.JwtRegisteredClaimNames.Sub),
            principal.FindAll(Identity.RoleClaim).Select(c => c.Value));
        if (caller is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        context.HttpContext.Features.Set(caller);
        context.ReplacePrincipal(Principal(caller.UserId, principal.FindFirstValue(NameClaim) ?? "", caller.Roles));
    }

    /// <summary>The provider vouched for the user; the directory must know them too, else no session.</summary>
    private static async Task SignedInByProviderAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context, ConsoleOidcOptions oidc)
    {
        var provided = context.Principal!;
        var roles = provided.FindAll(oidc.RoleClaim).Select(c => c.Value).ToArray();
        var caller = await FindAsync(context.HttpContext, provided.FindFirstValue(oidc.UserIdClaim), roles);
        if (caller is null)
        {
            context.Fail($"The identity provider's user ({oidc.UserIdClaim}) is not an active user of the directory.");
            return;
        }
        context.Principal = Principal(caller.UserId, provided.FindFirstValue(NameClaim) ?? "", roles);
    }

    private static async Task UnauthorizedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 401, Title = "Unauthorized", Detail = "The console session has ended or its user is no longer active: sign in again.",
            },
        });
    }

    /// <summary>
    /// After authentication: a state-changing call made with the console's cookie (not with a bearer
    /// token, which a browser never adds by itself) must carry the anti-forgery token, else 400.
    /// </summary>
    public static IApplicationBuilder UseConsoleAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme }
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            throw new ApiProblem(400, "Anti-forgery token missing or invalid",
                $"A call made with the console's session must send its anti-forgery token in the {AntiforgeryHeader} header (GET /console/session gives it).",
                AntiforgeryHeader);
        await next(http);
    });
}
