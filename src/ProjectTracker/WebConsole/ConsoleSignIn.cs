using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using ProjectTracker.Access;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Staff;

namespace ProjectTracker.WebConsole;

/// <summary>
/// Signing in to the console (Access/ConsoleSessions.cs holds the schemes; the page is
/// Pages/SignIn.cshtml): in Development only, the post signing in as one of the directory's users
/// (with the form's anti-forgery token); the OIDC provider's challenge; sign-out; and
/// <c>/console/session</c>, which tells a script or curl who is signed in and gives the anti-forgery
/// token its commands send.
/// </summary>
public static class ConsoleSignIn
{
    public const string SignInPath = "/console/sign-in";

    /// <summary>The console is for the civil servants' desks: any role but contact's.</summary>
    public static bool MayUseConsole(Caller caller) => caller.Roles.Any(r => r != Roles.Contact);

    public static void MapConsoleSignIn(this WebApplication app)
    {
        // The page itself is Pages/SignIn.cshtml; in Development its form posts here.
        if (app.Environment.IsDevelopment())
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
}
