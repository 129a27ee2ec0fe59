using JasperFx.Events.Projections;
using Marten;

namespace ProjectTracker.Projects;

public static class ProjectsModule
{
    public static void AddProjects(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<Approvals.ApprovalsOptions>(builder.Configuration.GetSection("Approvals"));
        builder.Services.ConfigureMarten(o =>
        {
            o.Projections.Snapshot<Project>(SnapshotLifecycle.Inline);
            o.Schema.For<Project>().Index(x => x.TaskForceId).Index(x => x.LeadEnterpriseId);
        });
    }
}
