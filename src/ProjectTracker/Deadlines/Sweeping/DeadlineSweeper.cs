using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using Wolverine;

namespace ProjectTracker.Deadlines.Sweeping;

/// <summary>
/// Runs the deadline sweep on every node, one loop per lane (<see cref="DeadlineOptions.SweepLanes"/>,
/// so one lane's writes overlap another's reads): at once while batches come back full, else a
/// look-ahead before the next pending due time, and at least every <see cref="DeadlineOptions.SweepEvery"/>
/// (so a request filed on another node is seen). Only when to look lives in memory; what is due lives
/// in PostgreSQL, so a crash or restart loses nothing.
/// </summary>
public sealed class DeadlineSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DeadlineOptions> options, DeadlinePolicy policy,
    IHostApplicationLifetime lifetime, ILogger<DeadlineSweeper> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stop)
    {
        // No lanes: this node leaves sweeping to the others (the tests on a fake clock sweep by hand).
        var lanes = Math.Clamp(options.Value.SweepLanes, 0, 256);
        return Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => SweepLaneAsync(lane, lanes, stop)));
    }

    private async Task SweepLaneAsync(int lane, int lanes, CancellationToken stop)
    {
        var every = options.Value.SweepEvery;
        var lookAhead = LookAhead(options.Value, policy.Calendar, clock.GetUtcNow());
        // The first sweep catches up on anything due while no node ran: at once, but only once the
        // host (and Wolverine in it) has started, or the handler is not there to run.
        await Started(lifetime, stop);
        // On shutdown (SIGTERM) a sweep in flight finishes and commits, releasing its lane's lock,
        // rather than being cut off; only one that still runs 5 s later is cancelled (rolled back).
        using var finishing = new CancellationTokenSource();
        await using var onStop = stop.Register(() => finishing.CancelAfter(TimeSpan.FromSeconds(5)));
        while (!stop.IsCancellationRequested)
        {
            var wait = every;
            try
            {
                using var scope = scopes.CreateScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                var outcome = await bus.InvokeAsync<SweepOutcome>(new SweepDeadlines(lane, lanes, LookAhead: lookAhead), finishing.Token);
                if (outcome.Raised > 0) log.LogInformation("Deadline sweep (lane {Lane}) raised {Count} escalations", lane, outcome.Raised);
                // Warnings after breaches: a burst of at-risk marks never holds up an escalation.
                var risk = await bus.InvokeAsync<SweepOutcome>(new MarkAtRisk(lane, lanes), finishing.Token);
                if (outcome.More || risk.More) continue;
                if (outcome.NextDue is { } next) wait = Min(wait, next - lookAhead - clock.GetUtcNow());
                if (risk.NextDue is { } nextRisk) wait = Min(wait, nextRisk - clock.GetUtcNow());
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                wait = TimeSpan.FromSeconds(5);
                log.LogError(e, "Deadline sweep failed; retrying in {Wait}", wait);
            }
            if (wait > TimeSpan.Zero) await Task.Delay(wait, stop).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static Task Started(IHostApplicationLifetime lifetime, CancellationToken stop)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stop.Register(() => started.TrySetResult());
        return started.Task;
    }

    /// <summary>
    /// A request filed (or reopened) after a sweep read ahead falls due no sooner than the shortest
    /// deadline from then: the look-ahead must stay well under it, or the sweep's cursor could pass it.
    /// Other dues written close to now are noted (<see cref="DueBehind"/>) when within its horizon,
    /// which the look-ahead therefore never exceeds.
    /// </summary>
    public static TimeSpan LookAhead(DeadlineOptions o, Deadlines.Calendars.WorkingCalendar calendar, DateTimeOffset now) =>
        TimeSpan.FromTicks(Math.Max(0, Math.Min(Math.Min(o.SweepLookAhead.Ticks, DueBehind.Horizon.Ticks), o.ShortestClock(calendar, now.Year).Ticks / 4)));
}
