using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using ProjectTracker.Access;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The console's OpenID Connect sign-in, the whole round trip against a provider of our own (an
/// authorization-code flow with PKCE, its discovery document, keys and token endpoint on a real
/// socket): the challenge, the provider's answer posted back, the code redeemed with the PKCE
/// verifier, the id token validated, the directory consulted, the session cookie issued.
/// </summary>
public class ConsoleOidcRoundTripTests : IAsyncLifetime
{
    private readonly Provider _provider = new();
    private OidcZone _zone = null!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _zone = new OidcZone(_provider.Authority);
        await _zone.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _zone.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task a_user_the_provider_vouches_for_and_the_directory_knows_gets_a_session_that_reads_as_their_bearer_token_does()
    {
        var (cookie, location) = await SignInAsync(_zone.MarketStaff, roles: []);
        Assert.Equal("/console/tasks", location);
        Assert.NotNull(cookie);

        var session = await _zone.Host.Scenario(s => { s.Get.Url("/console/session"); s.WithRequestHeader("Cookie", cookie!); s.StatusCodeShouldBeOk(); });
        var body = JsonDocument.Parse(await session.ReadAsTextAsync()).RootElement;
        Assert.Equal(_zone.MarketStaff, body.GetProperty("userId").GetGuid());
        Assert.Equal("Market staff (provider)", body.GetProperty("name").GetString());
        Assert.Equal([Roles.Staff], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await _zone.Host.Scenario(s => { s.Get.Url("/api/queues/tasks"); s.WithRequestHeader("Cookie", cookie!); s.StatusCodeShouldBeOk(); });
        await _zone.Host.Scenario(s => { s.Get.Url("/api/escalations"); s.WithRequestHeader("Cookie", cookie!); s.StatusCodeShouldBe(403); });
        Assert.True(_provider.RedeemedWithPkce, "the code was redeemed without its PKCE verifier");
    }

    [Fact]
    public async Task the_providers_role_claims_narrow_the_directorys_roles_and_never_add_one()
    {
        // A holder of every staff role; the provider names supervisor and a role the directory does not give: supervisor alone remains.
        var (cookie, _) = await SignInAsync(_zone.EveryRole, roles: [Roles.Supervisor, "superuser"]);
        var session = await _zone.Host.Scenario(s => { s.Get.Url("/console/session"); s.WithRequestHeader("Cookie", cookie!); s.StatusCodeShouldBeOk(); });
        Assert.Equal([Roles.Supervisor], JsonDocument.Parse(await session.ReadAsTextAsync()).RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task a_user_the_directory_does_not_know_or_a_refused_code_goes_back_to_the_sign_in_page_without_a_session()
    {
        var (cookie, location) = await SignInAsync(Guid.NewGuid(), roles: []);
        Assert.Null(cookie);
        Assert.Equal("/console/sign-in?failed=1", location);

        _provider.RefuseCodes = true;
        (cookie, location) = await SignInAsync(_zone.MarketStaff, roles: []);
        Assert.Null(cookie);
        Assert.Equal("/console/sign-in?failed=1", location);
    }

    /// <summary>The browser's part: follow the challenge to the provider, post its answer back; the session cookie and where it lands.</summary>
    private async Task<(string? Cookie, string? Location)> SignInAsync(Guid subject, string[] roles)
    {
        var challenge = await _zone.Host.Scenario(s => { s.Get.Url("/console/sign-in/oidc?returnUrl=%2Fconsole%2Ftasks"); s.StatusCodeShouldBe(302); });
        var authorize = new Uri(challenge.Context.Response.Headers.Location.ToString());
        Assert.StartsWith(_provider.Authority + "/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(Provider.ClientId, query["client_id"].ToString());
        Assert.EndsWith("/console/signin-oidc", query["redirect_uri"].ToString());
        var cookies = string.Join("; ", challenge.Context.Response.Headers.SetCookie.Select(c => c!.Split(';')[0]));

        // The user signs in at the provider, which posts the code back (form_post).
        var code = _provider.Issue(subject, roles, query["nonce"]!, query["code_challenge"]!);
        var back = await _zone.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }).ToUrl("/console/signin-oidc");
            s.WithRequestHeader("Cookie", cookies);
            s.StatusCodeShouldBe(302);
        });
        var session = back.Context.Response.Headers.SetCookie.Select(c => c!.Split(';')[0])
            .FirstOrDefault(c => c.StartsWith(ConsoleSessions.CookieName + "=") && c.Length > ConsoleSessions.CookieName.Length + 1);
        return (session, back.Context.Response.Headers.Location.ToString());
    }

    private sealed class OidcZone(string authority) : Zone
    {
        // The provider's nonce carries the real time: the sign-in runs on the system clock.
        protected override bool RealClock => true;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Console:Oidc:Authority"] = authority, ["Console:Oidc:ClientId"] = Provider.ClientId,
            ["Console:Oidc:ClientSecret"] = Provider.ClientSecret, ["Console:Oidc:RequireHttpsMetadata"] = "false",
        };
    }

    /// <summary>An OpenID provider reduced to what the code flow needs: discovery, keys, the token endpoint.</summary>
    private sealed class Provider : IAsyncDisposable
    {
        public const string ClientId = "projecttracker-console", ClientSecret = "test-only-secret";
        private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
        private readonly ConcurrentDictionary<string, (Guid Subject, string[] Roles, string Nonce, string Challenge)> _codes = new();
        private WebApplication? _app;

        public string Authority { get; private set; } = "";
        public bool RefuseCodes { get; set; }
        public bool RedeemedWithPkce { get; private set; }

        public string Issue(Guid subject, string[] roles, string nonce, string challenge)
        {
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (subject, roles, nonce, challenge);
            return code;
        }

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Authority, ["authorization_endpoint"] = $"{Authority}/authorize", ["token_endpoint"] = $"{Authority}/token",
                ["jwks_uri"] = $"{Authority}/jwks", ["response_types_supported"] = new[] { "code" }, ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" }, ["code_challenge_methods_supported"] = new[] { "S256" },
            }));
            _app.MapGet("/jwks", () =>
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
                return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
            });
            _app.MapPost("/token", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                if (RefuseCodes || form["client_id"] != ClientId || form["client_secret"] != ClientSecret || !_codes.TryRemove(form["code"].ToString(), out var issued))
                    return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
                var verifier = form["code_verifier"].ToString();
                if (Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
                    return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier does not match" }, statusCode: 400);
                RedeemedWithPkce = true;
                var now = DateTime.UtcNow;
                var claims = new List<Claim>
                {
                    new("sub", issued.Subject.ToString()), new("nonce", issued.Nonce), new("name", "Market staff (provider)"),
                    new("iat", EpochTime.GetIntDate(now).ToString(), ClaimValueTypes.Integer64),
                };
                claims.AddRange(issued.Roles.Select(r => new Claim("role", r)));
                var token = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(Authority, ClientId, claims, now.AddSeconds(-5), now.AddMinutes(5),
                    new SigningCredentials(_key, SecurityAlgorithms.RsaSha256)));
                return Results.Json(new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = token });
            });
            await _app.StartAsync();
            Authority = _app.Urls.First();
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null) await _app.DisposeAsync();
        }
    }
}
