using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Administration;

/// <summary>
/// An administrator's cancel (撤销) of a running instance from the instance console, outside its
/// definition's steps, in one transaction: the row locked at the version the console showed (a
/// second click finds it moved on), its open work items closed, its pending timers cancelled, a
/// paused clock ended, the definition's own cancel actions run to close the feature's rows, and a
/// 台账 line with who and why. The instance keeps the state it was in and is closed: the definition
/// still names where it stopped, and a closed instance in a state that is not final reads as
/// cancelled (<see cref="WorkflowInstance.IsCancelledIn"/>); the runtime moves it no more. Only a
/// definition that says how (<see cref="WorkflowDefinition.Builder.CancelledBy"/>) may be cancelled,
/// and an instance with open children only once they are. No email goes out: a cancel is not a
/// step anyone is told of by the definition.
/// </summary>
public sealed class CancelInstance(WorkflowRuntime runtime)
{
    public const int MaxReason = 500;

    /// <summary>What the cancel did: <see cref="TransitionOutcome.Applied"/>, or why not (not found, stale, not permitted).</summary>
    public async Task<TransitionResult> RunAsync(Guid id, int expectedVersion, string? reason, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        new Validation().Text(reason, "reason", MaxReason).ThrowIfInvalid();
        return await runtime.InTransactionAsync(
            async (db, token) =>
            {
                var instance = await db.LockInstanceAsync(id, token);
                if (instance is null || runtime.Registry.Find(instance.DefinitionName, instance.DefinitionVersion) is not { } definition)
                {
                    return TransitionResult.NotFound;
                }

                if (instance.Version != expectedVersion)
                {
                    return TransitionResult.Stale(instance, expectedVersion);
                }

                if ((Refusal(instance, definition) ?? await OpenChildrenAsync(db, id, token)) is { } refusal)
                {
                    return new TransitionResult(TransitionOutcome.NotPermitted, instance, refusal);
                }

                var (now, state, fromVersion, why) = (runtime.Now, instance.State, instance.Version, reason!.Trim());
                if (instance.ClockPausedAt is not null)
                {
                    db.Rows.EndPause(instance.Id, actor, now);
                }

                // Written as a move is: the row, its work items closed and timers cancelled, and the 台账 line, in one statement.
                instance.Cancel(now);
                db.Rows.Move(instance, fromVersion, new LedgerEntry(instance, LedgerKind.Cancelled, "cancel", state, actor, why, now), actor, now);
                var context = new TransitionContext(db, instance, definition, actor, why, now, runtime.Calendar) { Runtime = runtime };
                foreach (var action in definition.Cancel!)
                {
                    await action.Run(context, token);
                }

                if (instance.ParentId is { } parentId)
                {
                    await runtime.ChildClosedAsync(db, parentId, token);
                }

                return new TransitionResult(TransitionOutcome.Applied, instance, "管理员撤销");
            },
            ct);
    }

    private static string? Refusal(WorkflowInstance instance, WorkflowDefinition definition) =>
        instance.ClosedAt is not null ? (instance.IsCancelledIn(definition) ? "该事项已撤销" : "该事项已办结，不能撤销")
        : definition.Cancel is null ? $"“{definition.DisplayName}”不能由管理员撤销：其业务记录只能由流程本身的步骤关闭"
        : null;

    private static async Task<string?> OpenChildrenAsync(Storage.EngineDbContext db, Guid id, CancellationToken ct) =>
        await db.Instances.CountAsync(i => i.ParentId == id && i.ClosedAt == null, ct) is > 0 and var open
            ? $"该事项尚有 {open} 件子事项未办结，请先撤销子事项"
            : null;
}
