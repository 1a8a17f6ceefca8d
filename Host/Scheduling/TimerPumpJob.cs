using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>
/// Quartz wakes the timer pump: one short-lived job that fires due timer rows for one period, then
/// hands over. Quartz's cluster makes sure one node runs it at a time and another takes over when
/// that node dies; the rows themselves are claimed with SKIP LOCKED regardless.
/// One Quartz trigger per SLA timer was measured at 255–363 firings/s against 26,400 for rows.
/// </summary>
/// <remarks>
/// Idle, the pump costs one indexed read a <see cref="SchedulingOptions.TimerPollInterval"/>: it
/// sleeps until the earliest pending timer is due (capped by that interval), and a timer set in
/// this process that is due sooner wakes it at once. Four claimers polling every 200 ms cost 20
/// transactions a second of an idle Host (BENCHMARKS.md, "Idle"). A database outage is waited out
/// with backoff until the period ends; Quartz, which needs the database too, starts the next run
/// when it is back.
/// </remarks>
[DisallowConcurrentExecution]
public sealed class TimerPumpJob(TimerPump pump, IOptions<SchedulingOptions> options) : IJob
{
    public static readonly JobKey Key = new("timer-pump", "workflows");

    public static readonly TriggerKey Trigger = new("timer-pump");

    private static readonly TimeSpan HeldTimerRetry = TimeSpan.FromMilliseconds(50);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // Real time, not the domain clock: how long this run lasts, not what is due. The next run
        // waits for this one (DisallowConcurrentExecution) and starts as soon as it ends.
        var until = DateTimeOffset.UtcNow + settings.TimerPumpPeriod;
        while (!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < until)
        {
            try
            {
                var nextDue = await pump.NextDueAsync(cancellationToken);
                pump.Outage.Succeeded();
                if (pump.IsDue(nextDue))
                {
                    // None claimed although one is due: another transaction holds it for a moment
                    // (a move cancelling it, another pump). Look again shortly, not in a tight loop.
                    if (await FireAllDueAsync(settings, cancellationToken) == 0)
                    {
                        await Task.Delay(HeldTimerRetry, cancellationToken);
                    }
                }
                else
                {
                    var left = until - DateTimeOffset.UtcNow;
                    await pump.SleepUntilDueAsync(nextDue, left < settings.TimerPollInterval ? left : settings.TimerPollInterval, cancellationToken);
                }
            }
            catch (Exception ex) when (DatabaseOutage.IsOutage(ex) && !cancellationToken.IsCancellationRequested)
            {
                var wait = pump.Outage.Failed(ex);
                var left = until - DateTimeOffset.UtcNow;
                await Task.Delay(left < wait ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : wait, cancellationToken);
            }
        }
    }

    /// <summary>One claimer takes a batch; if it came back full, claimers side by side drain the rest, batch after batch. Returns the first batch's size.</summary>
    private async Task<int> FireAllDueAsync(SchedulingOptions settings, CancellationToken cancellationToken)
    {
        var first = await pump.FireDueAsync(settings.TimerBatchSize, cancellationToken);
        if (first < settings.TimerBatchSize)
        {
            return first;
        }

        await Task.WhenAll(Enumerable.Range(0, settings.TimerPumpConcurrency).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested && await pump.FireDueAsync(settings.TimerBatchSize, cancellationToken) == settings.TimerBatchSize)
            {
            }
        }));
        return first;
    }
}
