using JasperFx.Events.Projections;
using Marten;
using ProjectTracker.Requests.Filing;

namespace ProjectTracker.Requests;

/// <summary>Requests: one stream each, its inline snapshot the read model; numbers and the filing directory.</summary>
public static class RequestsModule
{
    public static void AddRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RequestNumbers>();
        builder.Services.AddSingleton<FilingDirectory>();
        builder.Services.ConfigureMarten(o =>
        {
            o.Projections.Snapshot<Request>(SnapshotLifecycle.Inline);
            // A project's timeline lists the requests that name it.
            o.Schema.For<Request>().Index(x => x.EnterpriseId).Index(x => x.Number, i => i.IsUnique = true).Index(x => x.ProjectId);
            RequestNumbers.Register(o);
            o.Listeners.Add(new RequestMetrics());   // requests filed, clocks met (exported by Operations/Telemetry)
        });
    }
}
