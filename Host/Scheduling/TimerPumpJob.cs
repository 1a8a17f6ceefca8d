using Governance.Workflows.Runtime;
using Microsoft.Extensions.Options;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>
/// Quartz wakes the timer pump: one short-lived job that keeps claiming due timer rows for one
/// period, then hands over. Quartz's cluster makes sure one node runs it at a time and another
/// takes over when that node dies; the rows themselves are claimed with SKIP LOCKED regardless.
/// One Quartz trigger per SLA timer was measured at 255–363 firings/s against 26,400 for rows.
/// </summary>
[DisallowConcurrentExecution]
public sealed class TimerPumpJob(TimerPump pump, IOptions<SchedulingOptions> options) : IJob
{
    public static readonly JobKey Key = new("timer-pump", "workflows");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var until = DateTimeOffset.UtcNow + settings.TimerPumpPeriod - settings.TimerPollInterval;
        await Task.WhenAll(Enumerable.Range(0, settings.TimerPumpConcurrency).Select(_ => PumpAsync(settings, until, cancellationToken)));
    }

    /// <summary>One claimer: batch after batch while timers are due, a poll interval's sleep when none are.</summary>
    private async Task PumpAsync(SchedulingOptions settings, DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < until)
        {
            if (await pump.FireDueAsync(settings.TimerBatchSize, cancellationToken) < settings.TimerBatchSize)
            {
                // Real time, not the domain clock: this is how often we look, not what is due.
                await Task.Delay(settings.TimerPollInterval, cancellationToken);
            }
        }
    }
}
