using JasperFx.CommandLine;
using Marten;
using ProjectTracker.Access;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory.Staff;

/// <summary>
/// The first administrator. Only an administrator registers staff, and only someone in the
/// directory may call the API at all, so an empty directory gets its first administrator from
/// the command line (whoever runs it already holds the database); later ones through
/// <c>POST /api/staff</c>. They are a staff member like any other, in the named department,
/// which is created if no department has that name.
/// </summary>
public static class AddAdministrator
{
    public const string DefaultDepartment = "Zone Administration Office";

    /// <summary>Null when done (or already so); else why not, for the operator.</summary>
    public static async Task<string?> RunAsync(IDocumentStore store, Guid userId, string name, string department, DateTimeOffset now,
        CancellationToken ct = default)
    {
        if (userId == Guid.Empty) return "--user must be the administrator's subject at the identity provider, not the empty id.";
        if (string.IsNullOrWhiteSpace(name) || name.Length > Limits.Name) return $"--name is required, at most {Limits.Name} characters.";
        if (string.IsNullOrWhiteSpace(department) || department.Length > Limits.Name) return $"--department is at most {Limits.Name} characters.";

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<StaffMember>(userId, ct) is { } staff)
            return staff.Active && staff.Roles.Contains(Roles.Admin)
                ? null
                : $"{userId} is already {staff.Name} in the directory: change their roles with PUT /api/staff/{userId}.";
        if (await session.Events.FetchStreamStateAsync(userId, ct) is not null) return $"The id {userId} is already in use (a contact?).";

        var departmentName = department.Trim();
        var departmentId = await session.Query<Department>()
            .Where(d => d.Name.Equals(departmentName, StringComparison.OrdinalIgnoreCase)).Select(d => d.Id).FirstOrDefaultAsync(ct);
        if (departmentId == Guid.Empty)
        {
            departmentId = StableId.From("department", departmentName.ToLowerInvariant());
            session.Events.StartStream<Department>(departmentId, new DepartmentCreated(departmentId, departmentName, userId, now));
        }
        session.Events.StartStream<StaffMember>(userId, new StaffRegistered(userId, name.Trim(), departmentId, [Roles.Admin], null, userId, now));
        await session.SaveChangesAsync(ct);
        return null;
    }
}

public sealed class AddAdministratorInput : NetCoreInput
{
    [Description("The administrator's subject (a Guid) at the identity provider: their token's `sub`")]
    public string UserFlag { get; set; } = "";

    [Description("Their name")]
    public string NameFlag { get; set; } = "";

    [Description($"Their department (created if no department has this name; default: {AddAdministrator.DefaultDepartment})")]
    public string DepartmentFlag { get; set; } = AddAdministrator.DefaultDepartment;
}

/// <summary>`add-admin --user &lt;guid&gt; --name &lt;name&gt;`: registers an administrator (idempotent).</summary>
[Description("Register an administrator in the directory (the first one of an empty directory)", Name = "add-admin")]
public sealed class AddAdministratorCommand : JasperFxAsyncCommand<AddAdministratorInput>
{
    public override async Task<bool> Execute(AddAdministratorInput input)
    {
        using var host = input.BuildHost();
        if (!Guid.TryParse(input.UserFlag, out var userId))
        {
            Console.Error.WriteLine("--user must be a Guid: the administrator's subject at the identity provider.");
            return false;
        }
        var refused = await AddAdministrator.RunAsync(host.Services.GetRequiredService<IDocumentStore>(), userId, input.NameFlag,
            input.DepartmentFlag, host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (refused is not null) Console.Error.WriteLine($"Refused: {refused}");
        else Console.WriteLine($"{userId} is an administrator.");
        return refused is null;
    }
}
