using JasperFx.Events.Projections;
using Marten;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Directory.Contacts;
using ProjectTracker.Directory.Departments;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.Routing;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Escalations;
using ProjectTracker.Projects;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Filing;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Requests.Overdue;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// The one list of what Marten stores. Aggregates are inline snapshots: the write side rebuilds
/// them from events, and the same documents answer reads consistently with the last write.
/// </summary>
public static class DomainModel
{
    public static void Configure(StoreOptions o)
    {
        o.Projections.Snapshot<Enterprise>(SnapshotLifecycle.Inline);
        o.Schema.For<Enterprise>().UniqueIndex(x => x.CreditCode).Index(x => x.Name);
        o.Projections.Snapshot<Contact>(SnapshotLifecycle.Inline);
        o.Schema.For<Contact>().Index(x => x.EnterpriseId);
        o.Projections.Snapshot<Department>(SnapshotLifecycle.Inline);
        o.Projections.Snapshot<StaffMember>(SnapshotLifecycle.Inline);
        o.Projections.Snapshot<TaskForce>(SnapshotLifecycle.Inline);
        o.Projections.Snapshot<RoutingTable>(SnapshotLifecycle.Inline);

        o.Projections.Snapshot<Request>(SnapshotLifecycle.Inline);
        o.Schema.For<Request>().Index(x => x.EnterpriseId).Index(x => x.Number, i => i.IsUnique = true);
        RequestNumbers.Register(o);
        // The deadline sweep reads due requests in (due time, id) order (Deadlines/Sweeping/SweepDeadlines.cs):
        // the due times are duplicated columns, indexed with the id so the order comes from the index.
        o.Policies.ForAllDocuments(m =>
        {
            if (m.DocumentType != typeof(Request)) return;
            foreach (var member in Columns.Members)
                m.AddIndex(m.DuplicateField(member).ColumnName, "id");
        });
        o.Projections.Snapshot<DeadlineSweep>(SnapshotLifecycle.Inline);
        o.Schema.For<DueBehind>();
        o.Projections.Snapshot<CalendarYear>(SnapshotLifecycle.Inline);

        o.Projections.Snapshot<Escalation>(SnapshotLifecycle.Inline);
        o.Schema.For<Escalation>().Index(x => x.RequestId).Index(x => x.RaisedAt).Index(x => x.ProjectId);

        o.Projections.Snapshot<Project>(SnapshotLifecycle.Inline);
        o.Schema.For<Project>().Index(x => x.TaskForceId).Index(x => x.LeadEnterpriseId);
        // A project's timeline lists the requests that name it.
        o.Schema.For<Request>().Index(x => x.ProjectId);
    }
}
