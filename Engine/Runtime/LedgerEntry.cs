namespace Governance.Engine.Runtime;

/// <summary>
/// One line of the case ledger (台账): who did what, when, why. Append-only: the database
/// itself refuses updates and deletes of these rows.
/// </summary>
public sealed class LedgerEntry
{
    private LedgerEntry()
    {
    }

    internal LedgerEntry(WorkflowInstance instance, LedgerKind kind, string trigger, string fromState, Actor actor, string? reason, DateTimeOffset at)
    {
        InstanceId = instance.Id;
        Version = instance.Version;
        Kind = kind;
        Trigger = trigger;
        FromState = fromState;
        ToState = instance.State;
        ActorId = actor.Id;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        Reason = reason;
        At = at;
    }

    public long Id { get; private set; }

    public Guid InstanceId { get; private set; }

    /// <summary>The instance version this entry produced (or observed, for warnings).</summary>
    public int Version { get; private set; }

    public LedgerKind Kind { get; private set; }

    public string Trigger { get; private set; } = "";

    public string FromState { get; private set; } = "";

    public string ToState { get; private set; } = "";

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    public string ActorRole { get; private set; } = "";

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }
}

public enum LedgerKind
{
    Started,
    Transition,
    SlaWarning,
    SlaExpired,

    /// <summary>A provisional (暂定) limit counted again once the year's holiday arrangement was entered.</summary>
    LimitRecomputed,

    /// <summary>The state's clock stopped (暂停计时, e.g. 补正), with why and how much of the limit was left.</summary>
    ClockPaused,

    /// <summary>The state's clock runs again, the time that was left counted from now.</summary>
    ClockResumed,

    /// <summary>An administrator moved the instance to another version of its definition (版本迁移), with why.</summary>
    Migrated,

    /// <summary>An administrator cancelled (撤销) the instance from the console, outside its definition's steps, with why; it stays in the state it was in, closed.</summary>
    Cancelled,

    /// <summary>An administrator had a failing timer fire again now, with why.</summary>
    TimerRetried,

    /// <summary>An administrator had an email sent again (a dead letter tried now, or a new copy of a sent one), with why.</summary>
    EmailResent,
}
