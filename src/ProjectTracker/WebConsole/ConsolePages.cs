using Microsoft.Net.Http.Headers;

namespace ProjectTracker.WebConsole;

/// <summary>
/// The console (督查/派单 desk): Razor Pages rendered on the server (WebConsole/Pages, one layout),
/// each reading through the API endpoints' own methods with the user's console session (a cookie:
/// Access/ConsoleSessions.cs, WebConsole/ConsoleSignIn.cs; the gate: <see cref="ConsolePage"/>).
/// wwwroot/console holds the stylesheet and the one script (commands to the API); the old static
/// pages' addresses (*.html) redirect to the pages that replaced them.
/// </summary>
public static class ConsolePages
{
    public static WebApplicationBuilder AddConsolePages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o => o.RootDirectory = "/WebConsole/Pages");
        // Razor Pages bring MVC, whose JSON options anything using MVC's formatters reads (Alba's test
        // host does): the same as the API's (Infrastructure/JsonInput.cs).
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => Infrastructure.JsonInput.Configure(o.JsonSerializerOptions));
        // Chinese as characters, not &#x...; entities (Razor's default encodes everything outside Basic Latin):
        // a third of the bytes, and a page source people can read. Markup characters are still encoded.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.All));
        return builder;
    }

    public static WebApplication UseConsolePages(this WebApplication app)
    {
        app.Use(RedirectOldPagesAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                Secure(ctx.Context.Response);
                ctx.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
        app.MapConsoleSignIn();
        // The pages only read (GET, HEAD): a post to a page's address is not the page's (sign-in's goes to ConsoleSignIn).
        app.MapRazorPages().Add(endpoint => endpoint.Metadata.Add(new HttpMethodMetadata(["GET", "HEAD"])));
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

    /// <summary>The static pages' addresses (bookmarks, links in mail) go to the pages that replaced them, query kept.</summary>
    private static Task RedirectOldPagesAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path.Value ?? "";
        if (!path.StartsWith("/console/", StringComparison.Ordinal) || !path.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) return next(http);
        var name = path["/console/".Length..^".html".Length].ToLowerInvariant();
        var query = http.Request.Query;
        var to = name switch
        {
            "index" => "/console/",
            "escalations" or "dispatch" or "tasks" or "scorecards" or "projects" => $"/console/{name}{http.Request.QueryString}",
            "request" when Guid.TryParse(query["id"], out var id) => $"/console/requests/{id}",
            _ => null,
        };
        if (to is null) return next(http);
        http.Response.Redirect(to);
        return Task.CompletedTask;
    }
}
