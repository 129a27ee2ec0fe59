using System.Reflection;
using JasperFx.OpenTelemetry;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ProjectTracker.Deadlines;
using ProjectTracker.Requests;

namespace ProjectTracker.Operations;

/// <summary>
/// OpenTelemetry traces and metrics: ASP.NET Core, HttpClient, Npgsql, Marten and Wolverine (their
/// ActivitySources and Meters), the .NET runtime, and the service's own meters (requests filed,
/// clocks met and breached, escalation lateness, sweeps, open overdue). Exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_* variables: protocol, headers,
/// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES); otherwise off: nothing is registered, so no
/// span is even created. Telemetry:Enabled=true turns it on without an exporter (the tests add theirs).
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "projecttracker";

    public static bool Enabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || configuration.GetValue<bool>("Telemetry:Enabled");

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (!Enabled(builder.Configuration)) return;
        // Marten's spans for each session's connection use and its Meter's event counters.
        builder.Services.ConfigureMarten(o =>
        {
            o.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            o.OpenTelemetry.TrackEventCounters();
        });
        builder.Services.AddHostedService<OpenOverdue>();
        var version = typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: version, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                // Probes every few seconds from a load balancer are not worth a trace each.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Marten", "Wolverine*"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Marten", "Wolverine*", RequestMetrics.MeterName, DeadlineMetrics.MeterName + "*"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
    }
}
