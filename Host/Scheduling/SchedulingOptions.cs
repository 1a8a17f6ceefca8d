namespace Governance.Host.Scheduling;

/// <summary>Configuration section <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// The longest the timer pump sleeps without looking at the earliest pending timer (it sleeps
    /// until that one is due, and a timer set in this process that is due sooner wakes it at
    /// once). Bounds how late a timer fires that was set on another node, or written outside the
    /// runtime, less than this before it fell due; idle, the pump costs one read this often.
    /// Default 1 s.
    /// </summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

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

    /// <summary>How often every node reloads the holiday years the administrator entered (on any node); default 1 min.</summary>
    public TimeSpan CalendarRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often Quartz starts the pump; the pump runs for this long each time (default 5 s).</summary>
    public TimeSpan TimerPumpPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
