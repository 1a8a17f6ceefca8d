using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Administration;

/// <summary>
/// An administrator's order to fire a failing timer again now instead of after its back-off
/// (<see cref="TimerPump"/> puts a timer whose firing threw back with a doubling wait), in one
/// transaction with a 台账 line of who and why. What fires is the stage that failed: a row holds a
/// limit's warning and its deadline, and its next firing is the warning until that went out
/// (<see cref="WorkflowTimer.NextKind"/>), so only its next instant is brought to now; its deadline
/// stays. Only a pending timer that has failed and waits for its next try qualifies: once it is due
/// now, a second click is refused, so it is harmless. The timer is locked before anything else, as
/// the pump locks it, and the instance is only read: taking the instance first would deadlock
/// against a pump firing it.
/// </summary>
public sealed class RetryTimer(WorkflowRuntime runtime)
{
    public const int MaxReason = 500;

    /// <summary>True when the timer is due now; false when there is no such timer of that instance.</summary>
    /// <exception cref="RuleViolationException">The timer is not failing, or is due already.</exception>
    public async Task<bool> RunAsync(Guid instanceId, Guid timerId, string? reason, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        new Validation().Text(reason, "reason", MaxReason).ThrowIfInvalid();
        var now = runtime.Now;
        var found = await runtime.InTransactionAsync(
            async (db, token) =>
            {
                var timer = await db.Timers.FromSql($"SELECT * FROM wf.timers WHERE id = {timerId} AND instance_id = {instanceId} FOR UPDATE")
                    .AsNoTracking().SingleOrDefaultAsync(token);
                if (timer is null)
                {
                    return false;
                }

                if (timer.FiredAt is not null || timer.CancelledAt is not null || timer.FailedAttempts == 0)
                {
                    throw new RuleViolationException("该定时器未在失败重试中", "只有触发失败、正在等待重试的定时器可以重新触发");
                }

                if (timer.NextAt <= now)
                {
                    throw new RuleViolationException("已安排重新触发", "该定时器已到期，正等待定时调度触发，请稍后刷新查看结果");
                }

                await db.Timers.Where(t => t.Id == timerId).ExecuteUpdateAsync(s => s.SetProperty(t => t.NextAt, now), token);
                var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId, token);
                var why = $"{Describe(timer)}：{reason!.Trim()}";
                db.Rows.Insert(new LedgerEntry(instance, LedgerKind.TimerRetried, "retry-timer", instance.State, actor, why, now));
                return true;
            },
            ct);
        if (found)
        {
            runtime.TimersSet.Raise(now);
        }

        return found;
    }

    private static string Describe(WorkflowTimer timer) =>
        $"{(timer.NextKind == TimerKind.Warning ? "临期预警" : "到期")}定时器已失败 {timer.FailedAttempts} 次（{timer.Outcome}）";
}
