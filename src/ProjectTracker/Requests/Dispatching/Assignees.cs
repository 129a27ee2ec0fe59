using Marten;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Requests.Dispatching;

public static class Assignees
{
    /// <summary>A task goes to a department or task force that exists; otherwise 400 naming the field.</summary>
    public static async Task EnsureExistsAsync(IQuerySession session, AssigneeKind kind, Guid id, string field, CancellationToken ct)
    {
        var exists = kind == AssigneeKind.Department
            ? await session.LoadAsync<Department>(id, ct) is not null
            : await session.LoadAsync<TaskForce>(id, ct) is not null;
        if (!exists) throw Refusal.Invalid(field, $"No {kind} {id}.");
    }
}
