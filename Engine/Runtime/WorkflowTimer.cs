namespace Governance.Engine.Runtime;

/// <summary>
/// A durable SLA timer: one row per limit of a state, with its yellow warning's instant (临期预警)
/// and its deadline (超期), computed by the working calendar when the state was entered. It fires
/// at <see cref="NextAt"/>: the warning first, then, on the same row, the deadline. Quartz only
/// wakes the pump that claims due rows; the rows are the truth, so timers survive restarts and can
/// always be rebuilt from this table.
/// </summary>
/// <remarks>
/// One row rather than one per stage: a transition used to write two rows, cancel two and check two
/// foreign keys for every limit it left and entered, most of a move's work on the server
/// (BENCHMARKS.md, "Where a transition's time goes").
/// </remarks>
public sealed class WorkflowTimer
{
    private WorkflowTimer()
    {
    }

    internal WorkflowTimer(Guid id, WorkflowInstance instance, DateTimeOffset? warnAt, DateTimeOffset dueAt, DateTimeOffset now)
    {
        Id = id;
        InstanceId = instance.Id;
        InstanceVersion = instance.Version;
        WarnAt = warnAt;
        DueAt = dueAt;
        NextAt = warnAt ?? dueAt;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid InstanceId { get; private set; }

    /// <summary>The instance version the timer was set for; if the instance has moved on, firing is a no-op.</summary>
    public int InstanceVersion { get; private set; }

    /// <summary>When the yellow warning fires; null when the state warns no one, or the warning would not come before the deadline.</summary>
    public DateTimeOffset? WarnAt { get; private set; }

    /// <summary>The deadline: the red alert and the expiry trigger, when the state has either.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When the pump fires it next: <see cref="WarnAt"/> until the warning fired, then <see cref="DueAt"/>; later after a failed firing (back-off).</summary>
    public DateTimeOffset NextAt { get; private set; }

    /// <summary>When the warning fired (the row stays pending for its deadline if that acts).</summary>
    public DateTimeOffset? WarnedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it was done: its deadline fired, or its warning when nothing acts on the deadline, or it found the instance moved on.</summary>
    public DateTimeOffset? FiredAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>What the last firing did (warned, fired, alerted, stale, not permitted...), for operators.</summary>
    public string? Outcome { get; private set; }

    /// <summary>Firings of its next stage that failed and were put back; a poisoned timer backs off instead of spinning.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>
    /// What fires at <see cref="NextAt"/>: the warning until it went out, unless it failed and its
    /// retries reached the deadline (a warning's retry never waits past it): then the deadline,
    /// which must not wait for a warning that keeps failing. The pump's claim says the same in SQL.
    /// </summary>
    public TimerKind NextKind => WarnAt is not null && WarnedAt is null && (FailedAttempts == 0 || NextAt < DueAt) ? TimerKind.Warning : TimerKind.Expiry;
}

public enum TimerKind
{
    /// <summary>Yellow warning (临期预警) at a share of the limit.</summary>
    Warning,

    /// <summary>Red alert (超期): the limit is spent and the expiry trigger fires.</summary>
    Expiry,
}
