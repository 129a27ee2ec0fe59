using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Operations;

/// <summary>Telemetry on (as OTEL_EXPORTER_OTLP_ENDPOINT would turn it on), exported to memory instead of a collector.</summary>
public sealed class TelemetryZone : Zone
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Telemetry:Enabled"] = "true" };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
    }

    /// <summary>The sum of <paramref name="name"/>'s points whose tags include <paramref name="tag"/>, as last collected.</summary>
    public double Sum(string name, (string Key, string Value) tag)
    {
        Metrics.Clear();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        double sum = 0;
        foreach (var metric in Metrics.Where(m => m.Name == name))
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var matches = false;
                foreach (var t in point.Tags) matches |= t.Key == tag.Key && t.Value?.ToString() == tag.Value;
                if (!matches) continue;
                sum += metric.MetricType switch
                {
                    MetricType.LongSum => point.GetSumLong(),
                    MetricType.Histogram => point.GetHistogramCount(),
                    _ => 0,
                };
            }
        return sum;
    }
}

/// <summary>
/// The service's counters are process-wide: this class runs alone (no other test class files or
/// sweeps meanwhile), so each figure it reads moved for its own actions only.
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public class TelemetryTests(TelemetryZone zone) : IClassFixture<TelemetryZone>
{
    [Fact]
    public async Task a_filing_is_one_trace_through_the_endpoint_the_handler_and_postgresql()
    {
        lock (zone.Spans) zone.Spans.Clear();
        var filed = await zone.FileAsync(title: "Traced request");

        Activity[] spans;
        lock (zone.Spans) spans = [.. zone.Spans];
        var endpoint = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName == "POST /api/requests");
        var trace = spans.Where(s => s.TraceId == endpoint.TraceId).ToArray();
        var described = string.Join("\n", trace.Select(s => $"{s.Source.Name}: {s.DisplayName}"));
        Assert.True(trace.Any(s => s.Source.Name.StartsWith("Wolverine") && s.DisplayName.Contains("FileRequest")), described);
        Assert.True(trace.Any(s => s.Source.Name == "Npgsql"), described);
        Assert.True(trace.Any(s => s.Source.Name == "Marten"), described);
        Assert.Equal(201, endpoint.GetTagItem("http.response.status_code"));
        Assert.NotEqual(Guid.Empty, filed.Id);
    }

    [Fact]
    public async Task a_filing_counts_once_and_a_breach_counts_with_its_clock_and_lateness()
    {
        var filedBefore = zone.Sum("projecttracker.requests.filed", ("category", "Funding"));
        var breachedBefore = zone.Sum("projecttracker.clocks.breached", ("clock", "dispatch"));
        var latenessBefore = zone.Sum("projecttracker.escalations.lateness", ("clock", "dispatch"));

        await zone.FileAsync(title: "Left undispatched");
        Assert.Equal(filedBefore + 1, zone.Sum("projecttracker.requests.filed", ("category", "Funding")));

        // Past the one-working-day dispatch clock: the sweep raises this request's escalation (and
        // those of this class's other undispatched requests), each counted once, with its lateness.
        zone.Clock.Advance(TimeSpan.FromDays(2));   // Wednesday 09:00: dispatch clocks (1 working day) ran out, resolution (3) not yet
        var raised = await zone.SweepAsync();
        Assert.InRange(raised, 1, 2);
        Assert.Equal(breachedBefore + raised, zone.Sum("projecttracker.clocks.breached", ("clock", "dispatch")));
        Assert.Equal(latenessBefore + raised, zone.Sum("projecttracker.escalations.lateness", ("clock", "dispatch")));

        // Swept again: nothing more is due, nothing more is counted.
        Assert.Equal(0, await zone.SweepAsync());
        Assert.Equal(breachedBefore + raised, zone.Sum("projecttracker.clocks.breached", ("clock", "dispatch")));
    }

    [Fact]
    public async Task a_dispatch_in_time_counts_its_clock_met()
    {
        var before = zone.Sum("projecttracker.clocks.met", ("clock", "dispatch"));
        var filed = await zone.FileAsync(title: "Dispatched at once");
        await zone.DispatchAsync(filed.Id, zone.EconomicBureau);
        Assert.Equal(before + 1, zone.Sum("projecttracker.clocks.met", ("clock", "dispatch")));
    }
}
