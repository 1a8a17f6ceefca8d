namespace Governance.Engine.Runtime;

/// <summary>
/// One stop of a state's clock (暂停计时), e.g. 补正 while the applicant brings missing materials:
/// what was left of the limit when it stopped, so that resuming grants exactly that again, counted
/// from the resume instant. A pause ends when the clock is resumed or the instance leaves the state.
/// </summary>
public sealed class ClockPause
{
    private ClockPause()
    {
    }

    internal ClockPause(Guid id, WorkflowInstance instance, TimeSpan remaining, TimeSpan? warningRemaining, bool workingTime, string reason, Actor actor, DateTimeOffset now)
    {
        Id = id;
        InstanceId = instance.Id;
        State = instance.State;
        PausedAt = now;
        Remaining = remaining;
        WarningRemaining = warningRemaining;
        WorkingTime = workingTime;
        Reason = reason;
        PausedBy = actor.Id;
        PausedByName = actor.Name;
    }

    public Guid Id { get; private set; }

    public Guid InstanceId { get; private set; }

    public string State { get; private set; } = "";

    public DateTimeOffset PausedAt { get; private set; }

    public DateTimeOffset? ResumedAt { get; private set; }

    /// <summary>What was left until the deadline: working time (24 hours a working day) or, for a calendar-day limit, the plain span.</summary>
    public TimeSpan Remaining { get; private set; }

    /// <summary>What was left until the yellow warning (临期预警), if it was still ahead.</summary>
    public TimeSpan? WarningRemaining { get; private set; }

    /// <summary>Whether <see cref="Remaining"/> is working time (a working-day limit) rather than a calendar span.</summary>
    public bool WorkingTime { get; private set; }

    public string Reason { get; private set; } = "";

    public string PausedBy { get; private set; } = "";

    public string PausedByName { get; private set; } = "";

    /// <summary>Who resumed it; the system when the instance left the state while paused.</summary>
    public string? ResumedBy { get; private set; }
}
