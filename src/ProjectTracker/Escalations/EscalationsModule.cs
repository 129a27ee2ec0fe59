using JasperFx.Events.Projections;
using Marten;

namespace ProjectTracker.Escalations;

public static class EscalationsModule
{
    public static void AddEscalations(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(o =>
        {
            o.Projections.Snapshot<Escalation>(SnapshotLifecycle.Inline);
            o.Schema.For<Escalation>().Index(x => x.RequestId).Index(x => x.RaisedAt).Index(x => x.ProjectId);
        });
}
