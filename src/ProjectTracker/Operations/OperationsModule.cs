using JasperFx;
using JasperFx.CodeGeneration;

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
            // Handlers and endpoints: generated ahead (`codegen write`, Internal/Generated) and loaded
            // as compiled types outside Development, so start-up and first calls compile nothing.
            // Development: the committed types when present, else compiled at first use (and not
            // written into the tree: deploy/codegen.sh does that, deliberately).
            o.Development.GeneratedCodeMode = TypeLoadMode.Auto;
            o.Development.SourceCodeWritingEnabled = false;
            o.Production.GeneratedCodeMode = TypeLoadMode.Static;
            o.Production.AssertAllPreGeneratedTypesExist = true;
        });
        builder.AddTelemetry();
    }
}
