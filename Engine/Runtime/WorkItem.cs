namespace Governance.Engine.Runtime;

/// <summary>
/// A task waiting in a queue (a window, or an org unit and role) for someone to claim and do.
/// Opened when its instance enters a state, closed when the instance leaves it.
/// </summary>
public sealed class WorkItem
{
    private WorkItem()
    {
    }

    internal WorkItem(Guid id, WorkflowInstance instance, string queue, int priority, DateTimeOffset? dueAt, DateTimeOffset now)
    {
        Id = id;
        InstanceId = instance.Id;
        State = instance.State;
        Queue = queue;
        Priority = priority;
        DueAt = dueAt;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid InstanceId { get; private set; }

    /// <summary>The state whose work this is.</summary>
    public string State { get; private set; } = "";

    public string Queue { get; private set; } = "";

    /// <summary>Higher first.</summary>
    public int Priority { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }
}
