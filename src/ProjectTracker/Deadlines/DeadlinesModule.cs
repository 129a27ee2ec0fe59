using JasperFx.Events.Projections;
using Marten;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Requests;

namespace ProjectTracker.Deadlines;

/// <summary>Clock rules, the zones' working calendars, and the sweep that escalates due requests.</summary>
public static class DeadlinesModule
{
    public static void AddDeadlines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeadlineOptions>().Bind(builder.Configuration.GetSection("Deadlines"));
        builder.Services.AddSingleton(new ZoneCalendars(
            builder.Configuration.GetSection("Deadlines").Get<DeadlineOptions>()?.ZoneUtcOffset ?? new DeadlineOptions().ZoneUtcOffset));
        builder.Services.AddSingleton<DeadlinePolicy>();
        builder.Services.ConfigureMarten((IServiceProvider services, StoreOptions o) =>
        {
            o.Projections.Snapshot<CalendarYear>(SnapshotLifecycle.Inline);
            o.Listeners.Add(new ZoneCalendars.Reload(services.GetRequiredService<ZoneCalendars>()));
            o.Listeners.Add(new DeadlineMetrics.EscalationsCommitted(services.GetRequiredService<TimeProvider>()));   // milestone breaches
            // The sweep reads due requests in (due time, id) order (Sweeping/SweepDeadlines.cs): the
            // due times are duplicated columns, indexed with the id so the order comes from the index.
            o.Policies.ForAllDocuments(m =>
            {
                if (m.DocumentType != typeof(Request)) return;
                foreach (var member in Columns.Members)
                    m.AddIndex(m.DuplicateField(member).ColumnName, "id");
            });
            o.Projections.Snapshot<DeadlineSweep>(SnapshotLifecycle.Inline);
            o.Schema.For<DueBehind>();
        });
        // After Marten's schema: the calendars are loaded before the service takes requests.
        builder.Services.AddHostedService<EscalationsInBulk.SchemaCheck>();
        builder.Services.AddHostedService<ZoneCalendars.Keeper>();
        builder.Services.AddHostedService<DeadlineSweeper>();
    }
}
