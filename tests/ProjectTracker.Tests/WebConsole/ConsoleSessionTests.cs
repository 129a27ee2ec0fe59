using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProjectTracker.Access;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The console's session over HTTP (no browser): the development sign-in page and its form, the
/// cookie going through the API's own authorization policies, anti-forgery on every command made
/// with it (bearer calls need none), the pages' gate, sign-out, and the directory deciding on every
/// call, as for a bearer token.
/// </summary>
public class ConsoleSessionTests(ConsoleZone zone) : IClassFixture<ConsoleZone>
{
    private sealed record Session(HttpClient Client, CookieContainer Cookies, string RequestToken) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private HttpClient Browserless(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = zone.BaseAddress };

    private static string FormToken(string page) =>
        WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private async Task<Session> SignInAsync(Guid userId)
    {
        var cookies = new CookieContainer();
        var client = Browserless(cookies);
        var token = FormToken(await client.GetStringAsync("/console/sign-in"));
        var signedIn = await client.PostAsync("/console/sign-in", Form(("__RequestVerificationToken", token), ("userId", userId.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = await client.GetFromJsonAsync<JsonElement>("/console/session");
        return new Session(client, cookies, session.GetProperty("requestToken").GetString()!);
    }

    [Fact]
    public async Task The_sign_in_page_lists_the_directorys_users_and_signs_in_only_with_its_anti_forgery_token()
    {
        using var client = Browserless(new CookieContainer());
        var page = await client.GetAsync("/console/sign-in?returnUrl=%2Fconsole%2Ftasks");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Matches($"data-user=\"{zone.Supervisor}\"><td>Supervisor</td><td class=\"roles\">supervisor</td><td>Economic Development Bureau</td>", html);
        Assert.Matches($"data-user=\"{zone.KeyContact}\"><td>Key contact</td><td class=\"roles\">contact</td><td>Key Enterprise Co.</td>", html);
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("登录", html);            // Chinese as characters, not &#x...; entities
        Assert.DoesNotContain("&#x", html);
        var token = FormToken(html);
        Assert.NotEmpty(token);

        // Without the form's token (a cross-site post): refused, no session.
        var forged = await client.PostAsync("/console/sign-in", Form(("userId", zone.Supervisor.ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var none) && none.Any(c => c.StartsWith(ConsoleSessions.CookieName)));
        // Someone the directory does not know: refused, naming the field.
        var unknown = await client.PostAsync("/console/sign-in", Form(("__RequestVerificationToken", token), ("userId", Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("userId", await unknown.Content.ReadAsStringAsync());

        var signedIn = await client.PostAsync("/console/sign-in",
            Form(("__RequestVerificationToken", token), ("userId", zone.Supervisor.ToString()), ("returnUrl", "/console/tasks")));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/console/tasks", signedIn.Headers.Location!.OriginalString);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleSessions.CookieName + "="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        // Another site is never a place to return to.
        Assert.Equal("/console/", ProjectTracker.WebConsole.ConsoleSignIn.LocalReturn("https://evil.example/console/"));
        Assert.Equal("/console/", ProjectTracker.WebConsole.ConsoleSignIn.LocalReturn("//evil.example/console/"));
    }

    [Fact]
    public async Task The_api_takes_the_console_session_through_the_same_policies_as_a_bearer_token()
    {
        using var supervisor = await SignInAsync(zone.Supervisor);
        using var contact = await SignInAsync(zone.KeyContact);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.Client.GetAsync("/api/escalations")).StatusCode);
        var refused = await contact.Client.GetAsync("/api/escalations");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await contact.Client.GetAsync("/api/requests")).StatusCode);

        // An Authorization header wins over the cookie: the call is the token's.
        var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/escalations") { Headers = { { "Authorization", $"Bearer {zone.SupervisorToken}" } } };
        Assert.Equal(HttpStatusCode.OK, (await contact.Client.SendAsync(withToken)).StatusCode);

        // The session's roles are the directory's, as a token's are.
        var session = await supervisor.Client.GetFromJsonAsync<JsonElement>("/console/session");
        Assert.Equal(zone.Supervisor, session.GetProperty("userId").GetGuid());
        Assert.Equal(["supervisor"], session.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(session.GetProperty("console").GetBoolean());
        Assert.False((await contact.Client.GetFromJsonAsync<JsonElement>("/console/session")).GetProperty("console").GetBoolean());

        // No session, no token: 401 ProblemDetails, as before.
        using var nobody = Browserless(new CookieContainer());
        var anonymous = await nobody.GetAsync("/api/escalations");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/console/session")).StatusCode);
    }

    [Fact]
    public async Task A_command_made_with_the_session_needs_its_anti_forgery_token_and_a_bearer_call_none()
    {
        using var contact = await SignInAsync(zone.KeyContact);
        const string title = "Filed from the console's session";
        StringContent Body() => new(JsonSerializer.Serialize(new { category = "Funding", title, description = "Details." }), Encoding.UTF8, "application/json");
        async Task<int> Filed() => (await zone.Get($"/api/requests?pageSize=200", zone.KeyContactToken).Json())
            .GetProperty("items").EnumerateArray().Count(r => r.GetProperty("title").GetString() == title);

        var logMark = zone.Logs.Mark;
        var forged = await contact.Client.PostAsync("/api/requests", Body());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // A refusal like any other: information, not a warning.
        Assert.DoesNotContain(zone.Logs.Since(logMark), e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        var problem = await forged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEmpty(problem.ErrorsFor(ConsoleSessions.AntiforgeryHeader));
        // A token of another session is no better.
        using var other = await SignInAsync(zone.OtherContact);
        var stolen = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = Body(), Headers = { { ConsoleSessions.AntiforgeryHeader, other.RequestToken } } };
        Assert.Equal(HttpStatusCode.BadRequest, (await contact.Client.SendAsync(stolen)).StatusCode);
        Assert.Equal(0, await Filed());

        var sent = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = Body(), Headers = { { ConsoleSessions.AntiforgeryHeader, contact.RequestToken } } };
        Assert.Equal(HttpStatusCode.Created, (await contact.Client.SendAsync(sent)).StatusCode);
        Assert.Equal(1, await Filed());
        // A bearer call sends none (Zone.FileAsync: a scenario with a token only).
        await zone.FileAsync(title: title);
        Assert.Equal(2, await Filed());
    }

    [Fact]
    public async Task Pages_open_in_a_session_a_contacts_gets_the_403_page_and_sign_out_ends_it()
    {
        using var nobody = Browserless(new CookieContainer());
        var toSignIn = await nobody.GetAsync("/console/escalations");
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.Equal("/console/sign-in?returnUrl=%2Fconsole%2Fescalations", toSignIn.Headers.Location!.OriginalString);
        // The static pages' old addresses go to the pages that replaced them, query kept.
        var old = await nobody.GetAsync($"/console/request.html?id={zone.Supervisor}");
        Assert.Equal($"/console/requests/{zone.Supervisor}", old.Headers.Location!.OriginalString);
        Assert.Equal("/console/escalations?kind=DispatchOverdue", (await nobody.GetAsync("/console/escalations.html?kind=DispatchOverdue")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await nobody.GetAsync("/console/console.js")).StatusCode);   // scripts hold no data

        using var contact = await SignInAsync(zone.KeyContact);
        foreach (var page in new[] { "/console/", "/console/escalations", "/console/dispatch", "/console/tasks", $"/console/requests/{Guid.NewGuid()}", "/console/scorecards", "/console/projects" })
        {
            var forbidden = await contact.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("text/html", forbidden.Content.Headers.ContentType!.MediaType);
            Assert.Contains("id=\"forbidden\"", await forbidden.Content.ReadAsStringAsync());
            Assert.Contains("default-src 'self'", forbidden.Headers.GetValues("Content-Security-Policy").Single());
        }

        using var staff = await SignInAsync(zone.EconomicStaff);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/console/tasks")).StatusCode);
        // Sign-out is a state change too: without the token it is refused and the session lives on.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.Client.PostAsync("/console/sign-out", Form())).StatusCode);
        var signedOut = await staff.Client.PostAsync("/console/sign-out", Form(("__RequestVerificationToken", staff.RequestToken)));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Client.GetAsync("/console/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.Client.GetAsync("/api/queues/tasks")).StatusCode);
    }

    [Fact]
    public async Task The_directory_ends_a_session_whose_user_it_deactivates()
    {
        var member = await zone.RegisterStaff("Leaving staff", zone.MarketBureau, Roles.Staff);
        using var session = await SignInAsync(member.Id);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/api/queues/tasks")).StatusCode);
        await zone.Put($"/api/staff/{member.Id}", new { name = "Leaving staff", departmentId = zone.MarketBureau, roles = new[] { Roles.Staff }, active = false }, zone.AdminToken);
        zone.Clock.Advance(Callers.KeptFor + TimeSpan.FromSeconds(1));   // the Kestrel host's copy of the entry, changed on the other host
        var ended = await session.Client.GetAsync("/api/queues/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.Equal("application/problem+json", ended.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Client.GetAsync("/console/tasks")).StatusCode);
    }
}
