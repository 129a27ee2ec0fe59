using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Requests;
using Marten;

namespace ProjectTracker.WebConsole;

/// <summary>A department or task force of the directory: where a task can go.</summary>
public sealed record UnitOption(AssigneeKind Kind, Guid Id, string Name);

/// <summary>What a read answered: its value (and the record's version, as its ETag), or the refusal the API would have answered.</summary>
public sealed record Read<T>(T? Value, string? ETag, int Status, string? Problem) where T : class
{
    public bool Ok => Value is not null;
}

/// <summary>
/// Any page of the console, the sign-in page included: its language, its words, the anti-forgery
/// token its forms and script send, the notice it opens with, the security headers. The shared
/// layout (Pages/Shared/_Layout.cshtml) is drawn from it.
/// </summary>
[AllowAnonymous]   // the fallback policy would answer 401; a console page sends to sign-in itself
public abstract class ConsoleView : PageModel
{
    public string Language { get; private set; } = ConsoleText.Chinese;
    public string RequestToken { get; private set; } = "";
    public string UserName { get; protected set; } = "";

    /// <summary>The dictionary key of the page's title (its heading).</summary>
    public abstract string TitleKey { get; }

    /// <summary>A message shown in the notice box when the page opens (a read refused, say): its class and text.</summary>
    public (string Kind, string Text)? Notice { get; set; }

    /// <summary>Whether the header shows the console's pages and sign-out (a user of the console is signed in).</summary>
    public virtual bool SignedIn => false;
    public virtual bool Has(string role) => false;

    public string T(string key) => ConsoleText.Get(Language, key);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Prepare();
        await next();
    }

    /// <summary>This page's address in the other language (the header's switch).</summary>
    public string OtherLanguageHref()
    {
        var query = Request.Query.Where(q => q.Key != "lang").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"lang={(Language == ConsoleText.English ? ConsoleText.Chinese : ConsoleText.English)}");
        return $"{Request.Path}?{string.Join("&", query)}";
    }

    /// <summary>Headers, language and anti-forgery token; once the user is known (the token is bound to them).</summary>
    protected void Prepare()
    {
        ConsolePages.Secure(Response);
        Response.Headers.CacheControl = "no-store";
        Language = ConsoleText.Of(HttpContext);
        RequestToken = HttpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(HttpContext).RequestToken ?? "";
    }
}

/// <summary>
/// A console page, rendered on the server. It opens only in a console session (none: to sign-in;
/// a contact's: the 403 page, Pages/Shared/_Forbidden.cshtml), and reads its data by calling the API
/// endpoints' own methods in process (<see cref="ReadAsync{V}"/>) after their own <c>[Authorize]</c>
/// policy, with the same <see cref="Caller"/>: a page shows exactly what its user's API calls would
/// show. Commands are the API's (wwwroot/console/console.js posts them with the anti-forgery token and If-Match).
/// </summary>
public abstract class ConsolePage : ConsoleView
{
    public const string ForbiddenView = "/WebConsole/Pages/Shared/_Forbidden.cshtml";
    public Caller Caller { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }
    private TimeSpan _zoneOffset;

    /// <summary>False on the 403 page (a session the console is not for).</summary>
    public override bool SignedIn => Caller is not null;
    public override bool Has(string role) => Caller is { } c && c.Is(role);
    /// <summary>A state in words (<paramref name="prefix"/>_Value in the dictionary: request, task, escalation); pages keep the value itself in data-value.</summary>
    public string Word(string prefix, Enum value) => T($"{prefix}_{value}");

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = HttpContext;
        // The page asks for the console's cookie itself (an Authorization header is the API's, not a page's).
        var session = await http.AuthenticateAsync(ConsoleSessions.CookieScheme);
        if (!session.Succeeded)
        {
            ConsolePages.Secure(Response);
            context.Result = Redirect($"{ConsoleSignIn.SignInPath}?returnUrl={Uri.EscapeDataString(Request.Path + Request.QueryString)}");
            return;
        }
        http.User = session.Principal!;
        UserName = session.Principal!.FindFirst(ConsoleSessions.NameClaim)?.Value ?? "";
        Prepare();
        if (http.Features.Get<Caller>() is not { } caller || !ConsoleSignIn.MayUseConsole(caller))
        {
            context.Result = new ViewResult { ViewName = ForbiddenView, StatusCode = StatusCodes.Status403Forbidden, ViewData = ViewData };
            return;
        }
        Caller = caller;
        Now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        _zoneOffset = http.RequestServices.GetRequiredService<IOptions<DeadlineOptions>>().Value.ZoneUtcOffset;
        await next();
    }

    /// <summary>
    /// An API endpoint's read, in process: its <c>[Authorize]</c> policy first (403 as the API
    /// answers), then the method itself; a refusal comes back as the status and reason the API
    /// would have answered. The ETag the method set is the page's to send back, not this page's header.
    /// </summary>
    protected async Task<Read<V>> ReadAsync<V>(Type endpoint, string method, Func<Task<V>> read) where V : class
    {
        if (!await AllowedAsync(endpoint, method)) return new Read<V>(null, null, 403, T("forbidden"));
        try
        {
            var value = await read();
            var etag = Response.Headers.ETag.ToString();
            Response.Headers.Remove("ETag");
            return new Read<V>(value, etag.Length > 0 ? etag : null, 200, null);
        }
        catch (Refusal r)
        {
            var status = r.Kind switch { RefusalKind.NotFound => 404, RefusalKind.Forbidden => 403, RefusalKind.Conflict => 409, RefusalKind.Stale => 412, _ => 400 };
            return new Read<V>(null, null, status, r.Field is null ? r.Message : $"{r.Field}: {r.Message}");
        }
        catch (ApiProblem p)
        {
            return new Read<V>(null, null, p.Status, p.Field is null ? p.Message : $"{p.Field}: {p.Message}");
        }
    }

    /// <summary>Whether the endpoint's own authorization policy admits this user (an action offered only when its command would be).</summary>
    protected async Task<bool> AllowedAsync(Type endpoint, string method)
    {
        var found = endpoint.GetMethod(method, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException($"{endpoint.Name}.{method} is no endpoint");
        var services = HttpContext.RequestServices;
        var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(),
            found.GetCustomAttributes<AuthorizeAttribute>());
        return policy is null || (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(HttpContext.User, policy)).Succeeded;
    }

    /// <summary>The directory's departments and task forces (the API's two lists, as its readers may read them).</summary>
    protected async Task<IReadOnlyList<UnitOption>> UnitsAsync(IQuerySession session)
    {
        var ct = HttpContext.RequestAborted;
        var departments = await ReadAsync(typeof(ListDepartmentsEndpoint), nameof(ListDepartmentsEndpoint.Get),
            () => ListDepartmentsEndpoint.Get(1, Limits.PageSizeMax, null, session, ct));
        var forces = await ReadAsync(typeof(ListTaskForcesEndpoint), nameof(ListTaskForcesEndpoint.Get),
            () => ListTaskForcesEndpoint.Get(1, Limits.PageSizeMax, null, null, session, ct));
        return [.. (departments.Value?.Items ?? []).Select(d => new UnitOption(AssigneeKind.Department, d.Id, d.Name)),
            .. (forces.Value?.Items ?? []).Select(t => new UnitOption(AssigneeKind.TaskForce, t.Id, t.Name))];
    }

    /// <summary>An enum value named exactly in the address, else none (a number or an unknown name is no filter).</summary>
    public static TEnum? Named<TEnum>(string? name) where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => (TEnum?)v).FirstOrDefault(v => v.ToString() == name);

    /// <summary>A refusal as the page shows it: 403 and 404 plainly, else the status and the API's reason.</summary>
    public string Refused<V>(Read<V> read) where V : class => read.Status switch
    {
        403 => T("forbidden"),
        _ => $"{T("failed")} ({read.Status}): {read.Problem}",
    };

    /// <summary>An instant as the zone's clocks read it.</summary>
    public string When(DateTimeOffset? at) => at is { } a ? a.ToOffset(_zoneOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>How late, in hours, by the service's clock ("" when not yet due).</summary>
    public string LateBy(DateTimeOffset due)
    {
        var hours = (Now - due).TotalHours;
        return hours > 0 ? $"{hours.ToString("0.0", CultureInfo.InvariantCulture)} {T("hours")}" : "";
    }

    public static string Hours(TimeSpan span) => span.TotalHours.ToString("0.0", CultureInfo.InvariantCulture);
}
