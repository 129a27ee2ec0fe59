using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using Wolverine;

namespace ProjectTracker.Requests.Overdue;

/// <summary>
/// Runs the deadline sweep on every node: at once while batches come back full, else at the
/// next pending due time, and at least every <see cref="DeadlineOptions.SweepEvery"/> (so a
/// request filed on another node is seen). Only when to look lives in memory; what is due lives
/// in PostgreSQL, so a crash or restart loses nothing.
/// </summary>
public sealed class DeadlineSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DeadlineOptions> options, ILogger<DeadlineSweeper> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var every = options.Value.SweepEvery;
        // The first sweep (which also catches up on anything due while no node ran) waits one
        // interval, so it never competes with start-up.
        await Task.Delay(every, stop).ContinueWith(_ => { }, CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            var wait = every;
            try
            {
                using var scope = scopes.CreateScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<SweepOutcome>(new SweepDeadlines(), stop);
                if (outcome.Raised > 0) log.LogInformation("Deadline sweep raised {Count} escalations", outcome.Raised);
                if (outcome.More) continue;
                if (outcome.NextDue is { } next && next - clock.GetUtcNow() < wait) wait = next - clock.GetUtcNow();
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
}
