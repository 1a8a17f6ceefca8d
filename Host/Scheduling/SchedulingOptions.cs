namespace Governance.Host.Scheduling;

/// <summary>Configuration section <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How long the timer pump sleeps when no timer is due; bounds how late a timer fires.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timers claimed and fired per transaction.</summary>
    public int TimerBatchSize { get; set; } = 500;

    /// <summary>How often Quartz starts the pump; the pump runs for about this long each time.</summary>
    public TimeSpan TimerPumpPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
