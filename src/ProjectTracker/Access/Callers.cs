using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Access;

/// <summary>
/// The one place that decides who a validated token speaks for. Its subject must be a known,
/// active user of the directory, else the call is 401 whatever the endpoint; the roles in force
/// are the directory's (narrowed by the token's, see <see cref="Caller.NarrowedTo"/>), and they
/// replace the token's role claims, so <c>[Authorize(Roles = ...)]</c> and the caller agree.
/// <para>
/// Every call reads the directory entry, so entries are kept per user for <see cref="KeptFor"/>.
/// A change committed on this node (a deactivation, new roles, a task force's members) clears
/// them at once; one committed on another node is in force here within <see cref="KeptFor"/>.
/// A bearer token itself is not revoked: what stops it is the directory entry behind it.
/// </para>
/// </summary>
public sealed class Callers(TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(5);

    /// <summary>Past this many users kept, the next read starts over rather than growing without bound.</summary>
    private const int MaxKept = 50_000;

    private readonly ConcurrentDictionary<Guid, Kept> _byUser = new();
    private long _generation;

    /// <summary>An entry (null: unknown or inactive) and the generation it was read in.</summary>
    private sealed record Kept(Caller? Caller, long Generation, DateTimeOffset ReadAt);

    /// <summary>The caller's entry (null: unknown or inactive); <paramref name="session"/> is only opened on a miss.</summary>
    public async Task<Caller?> FindAsync(Func<IQuerySession> session, Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var generation = Volatile.Read(ref _generation);
        if (_byUser.TryGetValue(userId, out var kept) && kept.Generation == generation && now - kept.ReadAt < KeptFor) return kept.Caller;

        var caller = await Caller.LoadAsync(session(), userId, ct);
        if (_byUser.Count >= MaxKept) _byUser.Clear();
        // Tagged with the generation seen before the read: a read that overlapped a clear is
        // stored, but never served (its generation is already past).
        _byUser[userId] = new Kept(caller, generation, now);
        return caller;
    }

    private void Clear()
    {
        Interlocked.Increment(ref _generation);
        _byUser.Clear();
    }

    /// <summary>The events that change who a user is or what they hold.</summary>
    private static readonly HashSet<Type> Changes =
    [
        typeof(StaffRegistered), typeof(StaffChanged), typeof(ContactRegistered), typeof(ContactChanged),
        typeof(TaskForceCreated), typeof(TaskForceChanged),
    ];

    public sealed class Eviction(Callers callers) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (commit.GetEvents().Any(e => Changes.Contains(e.EventType))) callers.Clear();
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// JwtBearer's <c>OnTokenValidated</c>: the signature, issuer, audience and lifetime are
    /// good; now the directory says whether, and as whom, the subject may call.
    /// </summary>
    public static async Task IdentifyAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId) || userId == Guid.Empty)
        {
            context.Fail(new ApiProblem(401, "Unauthorized", "The token's subject is not a user id."));
            return;
        }
        var services = context.HttpContext.RequestServices;
        var found = await services.GetRequiredService<Callers>()
            .FindAsync(services.GetRequiredService<IQuerySession>, userId, context.HttpContext.RequestAborted);
        if (found is null)
        {
            context.Fail(new ApiProblem(401, "Unauthorized", "The token's subject is not an active user of the directory."));
            return;
        }

        var caller = found.NarrowedTo(principal.FindAll(Identity.RoleClaim).Select(c => c.Value).ToHashSet());
        context.HttpContext.Features.Set(caller);
        var identity = (ClaimsIdentity)principal.Identity!;
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            principal.Claims.Where(c => c.Type != Identity.RoleClaim).Concat(caller.Roles.Select(r => new Claim(Identity.RoleClaim, r))),
            identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }
}

public static class CallersModule
{
    public static void AddCallers(this IServiceCollection services)
    {
        services.AddSingleton<Callers>();
        services.ConfigureMarten((sp, o) => o.Listeners.Add(new Callers.Eviction(sp.GetRequiredService<Callers>())));
    }
}

