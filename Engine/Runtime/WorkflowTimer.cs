namespace Governance.Engine.Runtime;

/// <summary>
/// A durable SLA timer: a row with a due time, computed by the working calendar when the state
/// was entered. Quartz only wakes the pump that claims due rows; the rows are the truth, so
/// timers survive restarts and can always be rebuilt from this table.
/// </summary>
public sealed class WorkflowTimer
{
    private WorkflowTimer()
    {
    }

    internal WorkflowTimer(Guid id, WorkflowInstance instance, TimerKind kind, DateTimeOffset dueAt, DateTimeOffset now)
    {
        Id = id;
        InstanceId = instance.Id;
        InstanceVersion = instance.Version;
        Kind = kind;
        DueAt = dueAt;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid InstanceId { get; private set; }

    /// <summary>The instance version the timer was set for; if the instance has moved on, firing is a no-op.</summary>
    public int InstanceVersion { get; private set; }

    public TimerKind Kind { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? FiredAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>What firing did (fired, stale, not permitted...), for operators.</summary>
    public string? Outcome { get; private set; }

    /// <summary>Firings that failed and were put back; a poisoned timer backs off instead of spinning.</summary>
    public int FailedAttempts { get; private set; }
}

public enum TimerKind
{
    /// <summary>Yellow warning (临期预警) at a share of the limit.</summary>
    Warning,

    /// <summary>Red alert (超期): the limit is spent and the expiry trigger fires.</summary>
    Expiry,
}
