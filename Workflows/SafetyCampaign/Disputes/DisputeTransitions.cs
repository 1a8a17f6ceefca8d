using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>How every use case of the ladder moves a matter and keeps its row in step, in one transaction.</summary>
internal static class DisputeTransitions
{
    /// <summary>
    /// Moves matter <paramref name="id"/>: reach first (<see cref="DisputeWorkflow"/>'s rule: a
    /// department the matters assigned to it, the others their scope), then <paramref name="prepare"/>
    /// validates and says the stimulus; when it applies, <paramref name="andThen"/> updates the row.
    /// </summary>
    public static Task<TransitionResult> MoveAsync(
        WorkflowRuntime runtime,
        Guid id,
        Actor actor,
        Func<EngineDbContext, WorkflowInstance, CancellationToken, Task<Stimulus>> prepare,
        Action<Dispute, WorkflowInstance>? andThen,
        CancellationToken ct) =>
        runtime.MoveAsync(
            id,
            DisputeWorkflow.Name,
            actor,
            prepare,
            andThen is null ? null : async (db, instance, token) =>
            {
                var row = await db.Set<Dispute>().FindAsync([id], token) ?? throw new InvalidOperationException($"Dispute {id} has no row.");
                andThen(row, instance);
            },
            ct);

    /// <summary>As the other overload, for a move whose checks need nothing but the request.</summary>
    public static Task<TransitionResult> MoveAsync(WorkflowRuntime runtime, Guid id, Actor actor, Func<WorkflowInstance, Stimulus> prepare, Action<Dispute, WorkflowInstance>? andThen, CancellationToken ct) =>
        MoveAsync(runtime, id, actor, (_, instance, _) => Task.FromResult(prepare(instance)), andThen, ct);
}
