namespace ProjectTracker.Operations;

/// <summary>
/// Console logs an operator's tools read: outside Development one JSON object per line (UTC
/// timestamp, level, category, message, and the scopes ASP.NET Core opens: TraceId, SpanId,
/// RequestId, RequestPath), so a log line finds its trace. Development keeps the plain console.
/// </summary>
public static class Logs
{
    public static void AddConsole(ILoggingBuilder logging, IHostEnvironment environment)
    {
        if (!ProductionMode.IsStrict(environment))
        {
            logging.AddSimpleConsole();
            return;
        }
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            // Chinese names and quotes as themselves, not \uXXXX (a log is not HTML).
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
    }

    /// <summary>
    /// No list of the assemblies searched for commands. A command (`seed-demo`, `db-apply`, ...) prints its answer; the host it builds logs only
    /// warnings and errors, so a newcomer's first screen is the answer.
    /// </summary>
    public static void Quiet(WebApplicationBuilder builder, string[] args)
    {
        // JasperFx lists every assembly it searches for commands until extensions have been applied
        // once (a static latch in CommandFactory); applying none sets it, so that listing is not printed.
        new JasperFx.CommandLine.CommandFactory().ApplyExtensions(new ServiceCollection());
        if (ProductionMode.Serving(args)) return;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
    }
}
