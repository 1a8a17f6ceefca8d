using Governance.Workflows.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>How every use case of the ladder fires its stimulus and keeps the matter's row in step, in one transaction.</summary>
internal static class DisputeTransitions
{
    /// <summary>Fires <paramref name="stimulus"/> in a transaction of its own; when it applies, <paramref name="andThen"/> updates the row in the same one.</summary>
    public static Task<TransitionResult> FireAsync(WorkflowRuntime runtime, Stimulus stimulus, Action<Dispute, WorkflowInstance>? andThen, CancellationToken ct) =>
        runtime.InTransactionAsync((db, token) => ApplyAsync(runtime, db, stimulus, andThen, token), ct);

    /// <summary>
    /// Applies <paramref name="stimulus"/> inside the caller's transaction. A department's reach is
    /// the matters assigned to it (事权), not a branch of the township tree its scope could name:
    /// anything else reads as absent (404), and for the one assigned the runtime's scope check is
    /// satisfied by acting city-wide.
    /// </summary>
    public static async Task<TransitionResult> ApplyAsync(WorkflowRuntime runtime, WorkflowDbContext db, Stimulus stimulus, Action<Dispute, WorkflowInstance>? andThen, CancellationToken ct)
    {
        stimulus = stimulus with { Workflow = DisputeWorkflow.Name };
        if (stimulus.Actor.Role == Roles.Department)
        {
            var instance = await db.LockInstanceAsync(stimulus.InstanceId, ct);
            if (instance is null || instance.DefinitionName != DisputeWorkflow.Name || instance.GetData<DisputeData>().DepartmentId != Department.IdOf(stimulus.Actor.Scope))
            {
                return new TransitionResult(TransitionOutcome.NotFound, null, $"事项 {stimulus.InstanceId} 不存在");
            }

            stimulus = stimulus with { Actor = stimulus.Actor with { Scope = "" } };
        }

        var result = await runtime.ApplyAsync(db, stimulus, ct);
        if (result.Applied && andThen is not null)
        {
            var row = await db.Set<Dispute>().FindAsync([stimulus.InstanceId], ct) ?? throw new InvalidOperationException($"Dispute {stimulus.InstanceId} has no row.");
            andThen(row, result.Instance!);
        }

        return result;
    }

    /// <summary>The instance's facts, read under its row lock (within the actor's reach or not: the apply that follows decides).</summary>
    public static async Task<DisputeData?> PeekAsync(WorkflowDbContext db, Guid id, CancellationToken ct) =>
        await db.LockInstanceAsync(id, ct) is { DefinitionName: DisputeWorkflow.Name } instance ? instance.GetData<DisputeData>() : null;
}
