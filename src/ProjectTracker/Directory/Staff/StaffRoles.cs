using ProjectTracker.Access;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory.Staff;

/// <summary>
/// The roles a staff member may hold: every known role but <see cref="Access.Roles.Contact"/>, which
/// belongs to people registered under an enterprise.
/// </summary>
public static class StaffRoles
{
    public static readonly string[] Allowed = Access.Roles.All.Where(r => r != Access.Roles.Contact).ToArray();

    public static Validation StaffRolesIn(this Validation v, string[]? roles)
    {
        v.Count("roles", roles, 1, Allowed.Length);
        foreach (var role in roles ?? [])
        {
            if (role is null || !Allowed.Contains(role))
                v.Add("roles", $"'{role}' is not a staff role; expected some of {string.Join(", ", Allowed)}.");
        }
        return v.When(roles is not null && roles.Distinct().Count() != roles.Length, "roles", "roles lists a role twice.");
    }
}
