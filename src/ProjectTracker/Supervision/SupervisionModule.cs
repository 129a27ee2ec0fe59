using JasperFx.Events.Projections;
using Marten;
using ProjectTracker.Infrastructure;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Supervision.Exports;
using ProjectTracker.Supervision.Rankings;
using ProjectTracker.Supervision.Scorecards;

namespace ProjectTracker.Supervision;

/// <summary>
/// What supervision (督查) stores and needs: the request outcomes behind the scorecards, rankings
/// and exports.
///
/// Design, for a zone's ten years (1,000,000 requests): one small document per request
/// (<see cref="RequestOutcome"/>) holding one <see cref="Credit"/> per unit it counts for, with
/// its filing date in a duplicated, indexed column. A scorecard reads the period's rows by that
/// index and aggregates their credits in one SQL statement (counts, medians and 90th percentiles
/// in PostgreSQL), so a month reads about 8,000 rows and nothing leaves the database but the
/// figures. Per-unit-day counters would be cheaper to sum but cannot give exact medians, nor the
/// requests behind each number; the same rows answer both. That costs 10-100 ms for a month and
/// up to 0.7 s for a year at 1,000,000 requests, so a period's figures are kept between reads while
/// PostgreSQL says nothing they count was written since (<see cref="ScorecardCache"/>): counters
/// kept per unit and month by each write would make every filing update the same hot rows.
///
/// Inline, not async: the outcome is written in the transaction of the request's events, so a
/// scorecard is exact the moment a command commits, a rebuild is the only way for them to differ
/// from the events, and no daemon has to cross the gaps the deadline sweep leaves in the event
/// sequence while it holds its transaction open (Deadlines/Sweeping). The sweep never appends to a
/// request stream (breaches are derived from due times), so it owes these documents nothing; the
/// escalations it raises in bulk are counted from the escalation documents, which its COPY writes
/// in the same transaction as their events (EscalationsInBulk), so they too are never behind.
/// The price is one more small upsert in each request command's transaction.
/// </summary>
public static class SupervisionModule
{
    public static void AddSupervision(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScorecardCache>();
        builder.Services.AddOptions<RankingSettings>().Bind(builder.Configuration.GetSection(RankingSettings.Section));
        builder.Services.AddOptions<ExportSettings>().Bind(builder.Configuration.GetSection(ExportSettings.Section));
        builder.Services.ConfigureMarten((IServiceProvider services, StoreOptions o) =>
        {
            o.Projections.Add(new RequestOutcomeProjection(services.GetRequiredService<ZoneCalendars>()), ProjectionLifecycle.Inline);
            o.Schema.For<RequestOutcome>()
                .Duplicate(x => x.FiledOn)
                .Duplicate(x => x.IsOpen);
            o.Storage.Add(new SqlTables(typeof(CreditTable), o, [CreditTable.Name, CreditTable.Cleared], CreditTable.Indexes, CreditTable.Sql, typeof(RequestOutcome)));
        });
    }
}
