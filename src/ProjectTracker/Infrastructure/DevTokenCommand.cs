using JasperFx.CommandLine;

namespace ProjectTracker.Infrastructure;

public sealed class DevTokenInput : NetCoreInput
{
    [Description("The token's subject: a staff member's or contact's id")]
    public string UserFlag { get; set; } = "";

    [Description("A role the token carries (repeat the value for several: --role staff lead)")]
    public List<string> RoleFlag { get; set; } = [];

    [Description("Hours until the token expires (default 12)")]
    public int HoursFlag { get; set; } = 12;
}

/// <summary>
/// `dev-token --user &lt;id&gt; --role admin`: prints a JWT signed with Auth:SigningKey, for trying
/// the API locally. Where tokens come from a real identity provider (no SigningKey) it refuses.
/// </summary>
[Description("Mint a development JWT signed with Auth:SigningKey", Name = "dev-token")]
public sealed class DevTokenCommand : JasperFxAsyncCommand<DevTokenInput>
{
    public override Task<bool> Execute(DevTokenInput input)
    {
        using var host = input.BuildHost();
        var auth = host.Services.GetRequiredService<AuthOptions>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var ok = Run(auth, input.UserFlag, input.RoleFlag, input.HoursFlag, clock.GetUtcNow(), Console.Out, Console.Error);
        return Task.FromResult(ok);
    }

    /// <summary>The whole command without the host, so tests can run it.</summary>
    public static bool Run(AuthOptions auth, string user, IReadOnlyList<string> roles, int hours, DateTimeOffset now, TextWriter output, TextWriter errors)
    {
        if (string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            errors.WriteLine("Refused: no Auth:SigningKey is configured, so tokens come from the identity provider.");
            return false;
        }
        if (!Guid.TryParse(user, out var userId))
        {
            errors.WriteLine("--user must be a Guid (a staff member's or contact's id; `seed-demo` prints the demo ones).");
            return false;
        }
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToArray();
        if (roles.Count == 0 || unknown.Length > 0 || hours is < 1 or > 24 * 30)
        {
            errors.WriteLine($"Give one or more --role from {string.Join(", ", Roles.All)} and --hours between 1 and 720.");
            return false;
        }
        output.WriteLine(Identity.MintDevelopmentToken(auth, userId, roles, now, TimeSpan.FromHours(hours)));
        return true;
    }
}
