using System.Text.Json;
using Marten;
using Marten.Exceptions;

namespace ProjectTracker.Deadlines.Calendars;

/// <summary>
/// The national calendars shipped with the service (Shipped/cn-YYYY.json, embedded), each naming
/// the State Council General Office notice it was copied from. A year not yet in the database is
/// loaded at start-up as an event by the system (the empty user id); one already there, perhaps
/// corrected since, is left alone. Later years are an administrator's task (POST /api/calendars/{year}).
/// </summary>
public static class ShippedCalendars
{
    public static IEnumerable<(int Year, CalendarYearInput Input)> All()
    {
        var assembly = typeof(ShippedCalendars).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Shipped.cn-", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var input = JsonSerializer.Deserialize<CalendarYearInput>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            yield return (input.Year!.Value, input);
        }
    }

    public static async Task LoadMissingAsync(IDocumentStore store, string zone, DateTimeOffset now, ILogger log, CancellationToken ct)
    {
        foreach (var (year, input) in All())
        {
            var id = CalendarYear.IdFor(zone, year);
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<CalendarYear>(id, ct) is not null) continue;
            var (cmd, check) = LoadCalendarYear.From(zone, year, input, [.. input.Days!.Select((_, i) => $"days[{i}]")], Guid.Empty);
            if (cmd is null) throw new InvalidOperationException($"The shipped {year} calendar is invalid: {check.Result.Detail}");
            session.Events.StartStream<CalendarYear>(id,
                new CalendarYearLoaded(id, zone, year, cmd.Days, cmd.BusinessHours, cmd.Source, Guid.Empty, now));
            try
            {
                await session.SaveChangesAsync(ct);
                log.LogInformation("Loaded the shipped {Year} working calendar ({Source})", year, cmd.Source);
            }
            catch (ExistingStreamIdCollisionException) { }   // another node starting at the same time loaded it
        }
    }
}
