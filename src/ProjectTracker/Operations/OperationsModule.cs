using JasperFx;

namespace ProjectTracker.Operations;

/// <summary>What an operator relies on: production mode, logs, telemetry.</summary>
public static class OperationsModule
{
    public static void AddOperations(this WebApplicationBuilder builder, string[] args)
    {
        Logs.Quiet(builder, args);
        Logs.AddConsole(builder.Logging, builder.Environment);
        // JasperFx's profiles: Development creates and updates the schema on its own; every other
        // environment leaves it to `db-apply` (Marten's schema and Wolverine's envelope tables alike).
        builder.Services.CritterStackDefaults(o =>
        {
            o.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
            o.Production.ResourceAutoCreate = AutoCreate.None;
        });
        builder.AddTelemetry();
    }
}
