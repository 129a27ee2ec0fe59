using Marten;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory;

/// <summary>
/// A change that points at departments or staff must point at ones that exist: otherwise a
/// request would later be routed to nobody. Each check answers 400 naming the field.
/// </summary>
public static class References
{
    public static async Task EnsureDepartments(IQuerySession session, string field, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return;
        var found = (await session.LoadManyAsync<Department>(ct, ids.Distinct())).Select(d => d.Id).ToHashSet();
        var missing = ids.Where(id => !found.Contains(id)).Distinct().ToArray();
        if (missing.Length > 0) throw Refusal.Invalid(field, $"No department {string.Join(", ", missing)}.");
    }

    public static async Task<IReadOnlyDictionary<Guid, StaffMember>> EnsureStaff(IQuerySession session, string field, IReadOnlyCollection<Guid> ids,
        CancellationToken ct = default)
    {
        if (ids.Count == 0) return new Dictionary<Guid, StaffMember>();
        var found = (await session.LoadManyAsync<StaffMember>(ct, ids.Distinct())).ToDictionary(s => s.Id);
        var missing = ids.Where(id => !found.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0) throw Refusal.Invalid(field, $"No staff member {string.Join(", ", missing)}.");
        return found;
    }

    /// <summary>
    /// Staff and contacts may bring the id their identity provider gives them (the token's subject),
    /// so it must not already name another stream.
    /// </summary>
    public static async Task EnsureUnused(IQuerySession session, string field, Guid id, CancellationToken ct = default)
    {
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null)
            throw Refusal.Conflict($"The id {id} is already in use.", field: field);
    }
}
