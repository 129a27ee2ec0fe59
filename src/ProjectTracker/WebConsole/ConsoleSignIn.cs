using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using ProjectTracker.Access;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Staff;

namespace ProjectTracker.WebConsole;

/// <summary>
/// Signing in to the console (Access/ConsoleSessions.cs holds the schemes): a page offering the
/// OIDC provider's sign-in when one is configured and, in Development only, the directory's users
/// to sign in as (a form POST with an anti-forgery token); sign-out; and <c>/console/session</c>,
/// which tells a page who is signed in and gives it the anti-forgery token its commands send.
/// </summary>
public static class ConsoleSignIn
{
    public const string SignInPath = "/console/sign-in";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The console is for the civil servants' desks: any role but contact's.</summary>
    public static bool MayUseConsole(Caller caller) => caller.Roles.Any(r => r != Roles.Contact);

    public static void MapConsoleSignIn(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        app.MapGet(SignInPath, (HttpContext http, IQuerySession session, IAntiforgery antiforgery, ConsoleOidcOptions oidc) =>
            SignInPageAsync(http, session, antiforgery, oidc, development)).AllowAnonymous().ExcludeFromDescription();

        if (development)
            app.MapPost(SignInPath, SignInAsDemoUserAsync).AllowAnonymous().ExcludeFromDescription();

        app.MapGet(SignInPath + "/oidc", (HttpContext http, ConsoleOidcOptions oidc) => oidc.Configured
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalReturn(http.Request.Query["returnUrl"]) }, [ConsoleSessions.OidcScheme])
                : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription();

        // Cookie-authenticated posts are checked by ConsoleSessions.UseConsoleAntiforgery; with no session there is nothing to end.
        app.MapPost("/console/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(ConsoleSessions.CookieScheme);
            return Results.Redirect(SignInPath + "?signedOut=1");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/console/session", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var caller = http.Caller();
                var tokens = antiforgery.GetAndStoreTokens(http);
                http.Response.Headers.CacheControl = "no-store";
                return Results.Json(new
                {
                    caller.UserId, Name = http.User.FindFirstValue(ConsoleSessions.NameClaim), Roles = caller.Roles.Order().ToArray(),
                    Console = MayUseConsole(caller), RequestToken = tokens.RequestToken, HeaderName = tokens.HeaderName, FormField = tokens.FormFieldName,
                });
            })
            .RequireAuthorization(new AuthorizationPolicyBuilder(ConsoleSessions.CookieScheme).RequireAuthenticatedUser().Build())
            .ExcludeFromDescription();
    }

    /// <summary>Only a console address is a place to return to (never another site).</summary>
    public static string LocalReturn(string? url) =>
        url is { Length: > 0 } u && u.StartsWith("/console/", StringComparison.Ordinal) && !u.Contains("//") && !u.Contains('\\') && !u.StartsWith(SignInPath)
            ? u : "/console/";

    private static async Task<IResult> SignInAsDemoUserAsync(HttpContext http, IQuerySession session, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.Problem(statusCode: 400, title: "Anti-forgery token missing or invalid", detail: "Reload the sign-in page and choose again.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var caller = Guid.TryParse(form["userId"], out var userId) ? await Caller.LoadAsync(session, userId, http.RequestAborted) : null;
        if (caller is null)
            return Results.Problem(statusCode: 400, title: "Unknown user", detail: "userId must be an active user of the directory.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["userId"] = ["Not an active user of the directory."] } });
        await http.SignInAsync(ConsoleSessions.CookieScheme, ConsoleSessions.Principal(userId, await NameAsync(session, userId), []));
        return Results.Redirect(LocalReturn(form["returnUrl"]));
    }

    private static async Task<string> NameAsync(IQuerySession session, Guid userId) =>
        (await session.LoadAsync<StaffMember>(userId))?.Name ?? (await session.LoadAsync<Contact>(userId))?.Name ?? "";

    private static async Task<IResult> SignInPageAsync(HttpContext http, IQuerySession session, IAntiforgery antiforgery, ConsoleOidcOptions oidc, bool development)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var returnUrl = LocalReturn(http.Request.Query["returnUrl"]);
        var q = http.Request.Query;
        var body = new StringBuilder();
        body.Append("<h1 id=\"heading\">登录 / Sign in</h1>");
        var notice = q.ContainsKey("failed") ? ("error", "登录失败：身份提供方未确认，或该用户不在目录中。/ Sign-in failed: the identity provider refused, or the user is not in the directory.")
            : q.ContainsKey("signedOut") ? ("ok", "您已退出。/ You have signed out.")
            : default;
        body.Append($"<div id=\"notice\" role=\"alert\" class=\"{notice.Item1}\">{E(notice.Item2)}</div>");

        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: ConsoleSessions.CookieScheme })
            body.Append($"<p id=\"signed-in\">已登录 / Signed in: <strong>{E(http.User.FindFirstValue(ConsoleSessions.NameClaim))}</strong> · ")
                .Append("<a href=\"/console/\">进入督查台 / Open the console</a></p>")
                .Append("<form method=\"post\" action=\"/console/sign-out\">").Append(Hidden(tokens.FormFieldName, tokens.RequestToken))
                .Append("<button type=\"submit\" id=\"sign-out\">退出 / Sign out</button></form>");

        if (oidc.Configured)
            body.Append($"<p><a id=\"sign-in-oidc\" class=\"button\" href=\"{SignInPath}/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}\">使用单位统一身份认证登录 / Sign in with your organisation's account</a></p>");

        if (development)
            await DemoUsersAsync(body, session, tokens, returnUrl, http.RequestAborted);
        else if (!oidc.Configured)
            body.Append("<p id=\"not-configured\">督查台登录尚未配置：请设置 Console__Oidc__Authority、Console__Oidc__ClientId、Console__Oidc__ClientSecret。/ " +
                "Console sign-in is not configured: set Console__Oidc__Authority, Console__Oidc__ClientId and Console__Oidc__ClientSecret (README, Console).</p>");

        ConsolePages.Secure(http.Response);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(Page("登录 / Sign in", body.ToString()), "text/html; charset=utf-8");
    }

    /// <summary>Development: the directory's active staff and contacts, each a button signing in as them.</summary>
    private static async Task DemoUsersAsync(StringBuilder body, IQuerySession session, AntiforgeryTokenSet tokens, string returnUrl, CancellationToken ct)
    {
        var staff = await session.Query<StaffMember>().Where(s => s.Active).OrderBy(s => s.Name).Take(300).ToListAsync(ct);
        var contacts = await session.Query<Contact>().Where(c => c.Active).OrderBy(c => c.Name).Take(300).ToListAsync(ct);
        var departments = (await session.Query<Department>().ToListAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        var enterprises = (await session.Query<Enterprise>().Where(e => e.Id.IsOneOf(contacts.Select(c => c.EnterpriseId).Distinct().ToArray())).ToListAsync(ct))
            .ToDictionary(e => e.Id, e => e.Name);

        body.Append("<h2>开发环境：演示用户 / Development: sign in as a demo user</h2>")
            .Append($"<form method=\"post\" action=\"{SignInPath}\" id=\"demo-users\">")
            .Append(Hidden(tokens.FormFieldName, tokens.RequestToken)).Append(Hidden("returnUrl", returnUrl))
            .Append("<table><thead><tr><th>姓名 / Name</th><th>角色 / Roles</th><th>单位 / Unit</th><th></th></tr></thead><tbody>");
        void User(Guid id, string name, IEnumerable<string> roles, string unit) =>
            body.Append($"<tr data-user=\"{id}\"><td>{E(name)}</td><td class=\"roles\">{E(string.Join(", ", roles))}</td><td>{E(unit)}</td>")
                .Append($"<td><button type=\"submit\" name=\"userId\" value=\"{id}\" id=\"sign-in-as-{id}\">登录 / Sign in</button></td></tr>");
        foreach (var s in staff) User(s.Id, s.Name, s.Roles, departments.GetValueOrDefault(s.DepartmentId, ""));
        foreach (var c in contacts) User(c.Id, c.Name, [Roles.Contact], enterprises.GetValueOrDefault(c.EnterpriseId, ""));
        body.Append("</tbody></table></form>");
    }

    /// <summary>The 403 page a contact's session (or one with no console role) gets for a console page.</summary>
    public static string ForbiddenPage(string? name) => Page("无权访问 / Forbidden",
        "<h1 id=\"heading\">无权访问 / Forbidden (403)</h1>" +
        $"<p id=\"forbidden\">您的账号（{E(name)}）无权使用督查台：它供机关工作人员使用。/ Your account ({E(name)}) may not open the console: it is for the civil servants' desks.</p>" +
        $"<p><a id=\"switch-user\" href=\"{SignInPath}\">换个账号登录 / Sign in as someone else</a></p>");

    private static string Page(string title, string main) =>
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<link rel=\"stylesheet\" href=\"/console/console.css\"><link rel=\"icon\" href=\"/console/favicon.svg\" type=\"image/svg+xml\"><title>{E(title)} · 企业服务督查台</title></head>" +
        $"<body><header><strong>企业服务督查台 · Supervision console</strong></header><main>{main}</main></body></html>";

    private static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";
    private static string E(string? text) => Html.Encode(text ?? "");
}
