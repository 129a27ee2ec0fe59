using JasperFx.CommandLine;
using Marten;

namespace ProjectTracker.Access;

public sealed class DevTokenInput : NetCoreInput
{
    [Description("The token's subject: a staff member's or contact's id")]
    public string UserFlag { get; set; } = "";

    [Description("Roles the token names, to use fewer than the directory gives (repeat: --role staff lead); default: all of them")]
    public List<string> RoleFlag { get; set; } = [];

    [Description("Hours until the token expires (default 12)")]
    public int HoursFlag { get; set; } = 12;
}

/// <summary>
/// `dev-token --user &lt;id&gt; [--role admin]`: prints a JWT signed with Auth:SigningKey, for trying
/// the API locally. Where tokens come from a real identity provider (no SigningKey) it refuses;
/// it also refuses a token the service would refuse (a user not active in the directory) or
/// one naming roles the directory does not give them.
/// </summary>
[Description("Mint a development JWT signed with Auth:SigningKey", Name = "dev-token")]
public sealed class DevTokenCommand : JasperFxAsyncCommand<DevTokenInput>
{
    public override async Task<bool> Execute(DevTokenInput input)
    {
        using var host = input.BuildHost();
        var auth = host.Services.GetRequiredService<AuthOptions>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await RunAsync(auth, input.UserFlag, input.RoleFlag, input.HoursFlag, clock.GetUtcNow(), id => Caller.LoadAsync(session, id),
            Console.Out, Console.Error);
    }

    /// <summary>The whole command without the host, so tests can run it; <paramref name="directory"/> finds active users.</summary>
    public static async Task<bool> RunAsync(AuthOptions auth, string user, IReadOnlyList<string> roles, int hours, DateTimeOffset now,
        Func<Guid, Task<Caller?>> directory, TextWriter output, TextWriter errors)
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
        if (unknown.Length > 0 || hours is < 1 or > 24 * 30)
        {
            errors.WriteLine($"Give --role only from {string.Join(", ", Roles.All)} and --hours between 1 and 720.");
            return false;
        }
        if (await directory(userId) is not { } caller)
        {
            errors.WriteLine($"Refused: {userId} is not an active user of the directory, so the service would answer 401 " +
                "(`seed-demo` prints the demo users; `add-admin` registers a first administrator).");
            return false;
        }
        var notHeld = roles.Where(r => !caller.Is(r)).ToArray();
        if (notHeld.Length > 0)
        {
            errors.WriteLine($"Refused: the directory gives {userId} the roles {string.Join(", ", caller.Roles)}, not {string.Join(", ", notHeld)}; " +
                "a token may narrow the directory's roles, never add to them.");
            return false;
        }
        output.WriteLine(Identity.MintDevelopmentToken(auth, userId, roles, now, TimeSpan.FromHours(hours)));
        return true;
    }
}
