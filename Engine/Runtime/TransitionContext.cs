using Governance.Engine.Storage;
using Governance.Engine.Calendar;

namespace Governance.Engine.Runtime;

/// <summary>What a guard, a recipient rule or a notification model sees: all inside the transition's transaction.</summary>
public sealed class TransitionContext
{
    internal TransitionContext(EngineDbContext db, WorkflowInstance instance, WorkflowDefinition definition, Actor actor, string? reason, DateTimeOffset now, WorkingCalendar calendar)
    {
        Db = db;
        Instance = instance;
        Definition = definition;
        Actor = actor;
        Reason = reason;
        Now = now;
        Calendar = calendar;
    }

    public EngineDbContext Db { get; }

    public WorkflowInstance Instance { get; }

    public WorkflowDefinition Definition { get; }

    public Actor Actor { get; }

    public string? Reason { get; }

    /// <summary>The trigger of the transition being applied (e.g. a reschedule re-entering Booked), null when the instance starts or an SLA event fires.</summary>
    public string? Trigger { get; internal init; }

    public DateTimeOffset Now { get; }

    public WorkingCalendar Calendar { get; }

    public StateDefinition State => Definition.States[Instance.State];

    public T Data<T>() => Instance.GetData<T>();

    /// <summary>The runtime moving the instance into a state (null for an SLA event, which enters none).</summary>
    internal WorkflowRuntime? Runtime { get; init; }

    /// <summary>
    /// Starts a child of this instance (see <see cref="WorkflowRuntime.StartChildAsync"/>) as part of
    /// entering a state, e.g. a part per department when a matter goes to joint handling.
    /// </summary>
    public Task<WorkflowInstance> StartChildAsync(string workflow, string orgUnit, string title, object data, CancellationToken ct) =>
        (Runtime ?? throw new InvalidOperationException("Children are started on entering a state."))
            .StartChildAsync(Db, Instance, workflow, orgUnit, title, data, Actor, ct);

    /// <summary>Changes the instance's own facts as part of this transition.</summary>
    public void UpdateData<T>(Func<T, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Instance.ReplaceData(change(Instance.GetData<T>())!);
    }
}

/// <summary>
/// Something that asks an instance to move: a person's action, a timer, a retried job.
/// <paramref name="ExpectedVersion"/> names the version it was meant for (always: a person's
/// request names the version they were shown, the system the version it read under the row's
/// lock); if the instance has moved on since, the stimulus is stale and changes nothing. <paramref name="Workflow"/>, when
/// given, is the definition the caller expects; an instance of another one is not found.
/// <paramref name="Effect"/> is what this request itself changes (its note on the instance's facts,
/// the feature's row it loaded while preparing): the engine runs it in the move's transaction once
/// the move is allowed, before the state is entered. What entering a state does, whoever caused
/// it, the definition declares instead (<see cref="WorkflowDefinition.StateBuilder.OnEnter"/>).
/// </summary>
public sealed record Stimulus(Guid InstanceId, string Trigger, Actor Actor, int ExpectedVersion, string? Reason = null, Action<TransitionContext>? Effect = null, string? Workflow = null);

public enum TransitionOutcome
{
    Applied,
    NotFound,

    /// <summary>The stimulus named a version the instance has left: a duplicate or late one.</summary>
    Stale,

    /// <summary>The current state has no such trigger.</summary>
    NotPermitted,

    /// <summary>The actor's role may not fire this trigger.</summary>
    Forbidden,

    GuardFailed,
}

/// <summary>What a stimulus did; only <see cref="TransitionOutcome.Applied"/> changed anything.</summary>
public sealed record TransitionResult(TransitionOutcome Outcome, WorkflowInstance? Instance, string Message)
{
    /// <summary>
    /// The one answer for an instance that is absent, of another workflow, or out of the caller's
    /// reach: the same words for all three, and no id, so that the answer tells nothing.
    /// </summary>
    public static TransitionResult NotFound { get; } = new(TransitionOutcome.NotFound, null, "未找到该事项");

    public bool Applied => Outcome == TransitionOutcome.Applied;

    /// <summary>The answer to a request meant for a version the instance has left (a repeated click, a late retry): nothing changed.</summary>
    public static TransitionResult Stale(WorkflowInstance instance, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new(TransitionOutcome.Stale, instance, $"该事项已被办理或已变化（现为版本 {instance.Version}，本次操作针对版本 {expectedVersion}），本次操作未执行，请刷新后查看");
    }
}
