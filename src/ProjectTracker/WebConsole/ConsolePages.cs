using Microsoft.Net.Http.Headers;

namespace ProjectTracker.WebConsole;

/// <summary>
/// The console (督查/派单 desk): static pages under wwwroot/console that call the JSON API with the
/// user's bearer token from the browser. The pages hold no data, so they are served before
/// authentication; every datum comes through the API and its authorization policies.
/// </summary>
public static class ConsolePages
{
    public static WebApplication UseConsolePages(this WebApplication app)
    {
        app.UseDefaultFiles();   // /console/ answers /console/index.html
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                var h = ctx.Context.Response.Headers;
                // Enterprise text is untrusted: no inline script runs and nothing is framed; the token
                // never leaves this origin (no Referer).
                h[HeaderNames.ContentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
                h[HeaderNames.XContentTypeOptions] = "nosniff";
                h["Referrer-Policy"] = "no-referrer";
                h[HeaderNames.CacheControl] = "no-cache";
            },
        });
        return app;
    }
}
