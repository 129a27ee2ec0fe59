using Marten;
using Marten.Services;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;

namespace ProjectTracker.Directory;

/// <summary>
/// Tells what keeps directory entries in memory (Requests/Filing/FilingDirectory) that this node
/// committed a directory change: a contact, enterprise, staff member, department, task force or the
/// routing table (their inline snapshots are in the commit). Changes made on other nodes reach such
/// caches only as their entries expire.
/// </summary>
public sealed class DirectoryChanges : DocumentSessionListenerBase
{
    public event Action? Committed;

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.Updated.Concat(commit.Inserted).Any(d => d is Contact or Enterprise or RoutingTable or StaffMember or Department or TaskForce))
            Committed?.Invoke();
        return Task.CompletedTask;
    }
}
