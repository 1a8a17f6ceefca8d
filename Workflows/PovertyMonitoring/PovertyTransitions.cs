using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>
/// A person's step on a warning: the engine locks the instance and checks reach first, then
/// <c>prepare</c> validates and says the stimulus (seeing where the instance stands, e.g. its due
/// time), and when the step applies the warning's row follows in the same transaction.
/// </summary>
internal static class PovertyTransitions
{
    public static Task<TransitionResult> MoveAsync(
        WorkflowRuntime runtime,
        Guid id,
        Actor actor,
        Func<WorkflowInstance, Stimulus> prepare,
        Action<PovertyWarning, WorkflowInstance>? applied,
        CancellationToken ct) =>
        runtime.MoveAsync(
            id,
            PovertyWarningWorkflow.Name,
            actor,
            (_, instance, _) => Task.FromResult(prepare(instance)),
            applied is null
                ? null
                : async (db, instance, token) =>
                {
                    var row = await db.Set<PovertyWarning>().SingleAsync(w => w.Id == instance.Id, token);
                    applied(row, instance);
                },
            ct);

    /// <summary>Whether the step is taken within the limit of the state it leaves.</summary>
    public static bool InTime(WorkflowRuntime runtime, WorkflowInstance instance) => instance.DueAt is not { } due || runtime.Now <= due;
}
