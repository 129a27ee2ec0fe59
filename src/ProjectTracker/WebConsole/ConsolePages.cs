using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;
using ProjectTracker.Access;

namespace ProjectTracker.WebConsole;

/// <summary>
/// The console (督查/派单 desk): static pages under wwwroot/console that call the JSON API with the
/// user's console session (a cookie: Access/ConsoleSessions.cs, WebConsole/ConsoleSignIn.cs). A page
/// (*.html) opens only in a session: without one it sends to sign-in, and a contact's session gets
/// the 403 page. Every datum comes through the API and its authorization policies; scripts and
/// styles hold none and are served to anyone.
/// </summary>
public static class ConsolePages
{
    public static WebApplication UseConsolePages(this WebApplication app)
    {
        app.UseDefaultFiles();   // /console/ answers /console/index.html
        app.Use(GatePagesAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                Secure(ctx.Context.Response);
                ctx.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
        app.MapConsoleSignIn();
        return app;
    }

    /// <summary>Enterprise text is untrusted: no inline script runs, nothing is framed, no Referer leaves.</summary>
    public static void Secure(HttpResponse response)
    {
        var h = response.Headers;
        h[HeaderNames.ContentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        h[HeaderNames.XContentTypeOptions] = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
    }

    private static async Task GatePagesAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/console") && path.Value!.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            // The pipeline authenticates later (UseAuthentication); a page asks for the console's session itself.
            var session = await http.AuthenticateAsync(ConsoleSessions.CookieScheme);
            if (!session.Succeeded)
            {
                http.Response.Redirect($"{ConsoleSignIn.SignInPath}?returnUrl={Uri.EscapeDataString(path + http.Request.QueryString)}");
                return;
            }
            if (http.Features.Get<Caller>() is not { } caller || !ConsoleSignIn.MayUseConsole(caller))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.Headers.CacheControl = "no-store";
                Secure(http.Response);
                await http.Response.WriteAsync(ConsoleSignIn.ForbiddenPage(session.Principal!.FindFirst(ConsoleSessions.NameClaim)?.Value));
                return;
            }
        }
        await next(http);
    }
}
