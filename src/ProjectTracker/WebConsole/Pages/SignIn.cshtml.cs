using System.Security.Claims;
using Marten;
using ProjectTracker.Access;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Staff;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// Signing in (WebConsole/ConsoleSignIn.cs holds the posts): the OIDC provider's sign-in when one is
/// configured and, in Development only, the directory's active users, each a button posting the
/// form (with its anti-forgery token) that signs in as them.
/// </summary>
public sealed class SignInModel(IQuerySession session, ConsoleOidcOptions oidc, IWebHostEnvironment environment) : ConsoleView
{
    public sealed record DemoUser(Guid Id, string Name, IReadOnlyCollection<string> Roles, string Unit);

    public override string TitleKey => "signIn";
    public string ReturnUrl { get; private set; } = "/console/";
    public bool Oidc => oidc.Configured;
    public bool Development => environment.IsDevelopment();
    public bool SignedInAlready { get; private set; }
    public IReadOnlyList<DemoUser> DemoUsers { get; private set; } = [];

    public async Task OnGetAsync(string? returnUrl)
    {
        ReturnUrl = ConsoleSignIn.LocalReturn(returnUrl);
        Notice = Request.Query.ContainsKey("failed") ? ("error", T("signInFailed")) : Request.Query.ContainsKey("signedOut") ? ("ok", T("signedOut")) : null;
        if (User.Identity is { IsAuthenticated: true, AuthenticationType: ConsoleSessions.CookieScheme })
            (SignedInAlready, UserName) = (true, User.FindFirstValue(ConsoleSessions.NameClaim) ?? "");
        if (Development) DemoUsers = await DemoUsersAsync(HttpContext.RequestAborted);
    }

    /// <summary>Development: the directory's active staff and contacts, with their roles and unit.</summary>
    private async Task<IReadOnlyList<DemoUser>> DemoUsersAsync(CancellationToken ct)
    {
        var staff = await session.Query<StaffMember>().Where(s => s.Active).OrderBy(s => s.Name).Take(300).ToListAsync(ct);
        var contacts = await session.Query<Contact>().Where(c => c.Active).OrderBy(c => c.Name).Take(300).ToListAsync(ct);
        var departments = (await session.Query<Department>().ToListAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        var enterprises = (await session.Query<Enterprise>().Where(e => e.Id.IsOneOf(contacts.Select(c => c.EnterpriseId).Distinct().ToArray())).ToListAsync(ct))
            .ToDictionary(e => e.Id, e => e.Name);
        return [.. staff.Select(s => new DemoUser(s.Id, s.Name, s.Roles, departments.GetValueOrDefault(s.DepartmentId, ""))),
            .. contacts.Select(c => new DemoUser(c.Id, c.Name, [Roles.Contact], enterprises.GetValueOrDefault(c.EnterpriseId, "")))];
    }
}
