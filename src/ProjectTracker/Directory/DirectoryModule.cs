using JasperFx.Events.Projections;
using Marten;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;

namespace ProjectTracker.Directory;

/// <summary>The directory's records (inline snapshots of their streams) and the signal its caches listen to.</summary>
public static class DirectoryModule
{
    public static void AddDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DirectoryChanges>();
        builder.Services.ConfigureMarten((IServiceProvider services, StoreOptions o) =>
        {
            o.Projections.Snapshot<Enterprise>(SnapshotLifecycle.Inline);
            o.Schema.For<Enterprise>().UniqueIndex(x => x.CreditCode).Index(x => x.Name);
            o.Projections.Snapshot<Contact>(SnapshotLifecycle.Inline);
            o.Schema.For<Contact>().Index(x => x.EnterpriseId);
            o.Projections.Snapshot<Department>(SnapshotLifecycle.Inline);
            o.Projections.Snapshot<StaffMember>(SnapshotLifecycle.Inline);
            o.Projections.Snapshot<TaskForce>(SnapshotLifecycle.Inline);
            o.Projections.Snapshot<RoutingTable>(SnapshotLifecycle.Inline);
            o.Listeners.Add(services.GetRequiredService<DirectoryChanges>());
        });
    }
}
