namespace Governance.Host.Scheduling;

/// <summary>Configuration section <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How long the timer pump sleeps when no timer is due; bounds how late a timer fires.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Timers claimed and fired per transaction. Each timer fires under a savepoint, a subtransaction:
    /// PostgreSQL keeps 64 of a transaction's subtransactions in shared memory and, past that, every
    /// session's visibility checks go through pg_subtrans. Small batches also commit a burst's
    /// first firings sooner (BENCHMARKS.md, "Timers").
    /// </summary>
    public int TimerBatchSize { get; set; } = 50;

    /// <summary>
    /// Claimers the pump runs side by side, each its own transaction of up to a batch (SKIP LOCKED
    /// keeps their batches apart): a timer's two round trips leave the cores idle otherwise.
    /// </summary>
    public int TimerPumpConcurrency { get; set; } = 4;

    /// <summary>How often Quartz starts the pump; the pump runs for about this long each time.</summary>
    public TimeSpan TimerPumpPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
