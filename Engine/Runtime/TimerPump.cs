using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Engine.Runtime;

/// <summary>
/// Fires due SLA timers. Claims a batch of due rows with <c>FOR UPDATE SKIP LOCKED</c> (so any
/// number of Host processes can pump side by side without firing a timer twice) and fires each
/// through the runtime under a savepoint: one poisoned timer backs off, the batch commits.
/// </summary>
public sealed class TimerPump(IDbContextFactory<EngineDbContext> dbFactory, WorkflowRuntime runtime, ILogger<TimerPump> log)
{
    private const string Savepoint = "timer";

    /// <summary>How the pump's loop rides out a database outage: one per process, so it logs once per outage however many runs of the loop it spans.</summary>
    public OutageBackoff Outage { get; } = new("timer pump", log);

    /// <summary>How long a timer waits for its next try after a failed firing, when <paramref name="failedBefore"/> tries had failed before this one: 5 s × 2ⁿ, at most an hour.</summary>
    public static TimeSpan RetryDelay(int failedBefore) => TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, failedBefore)));

    /// <summary>The due instant of the earliest pending timer, or null when none is pending: one indexed read, no transaction.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NextTimerDueAsync(ct);
    }

    /// <summary>Whether a timer due at <paramref name="nextDue"/> is due now, by the domain clock.</summary>
    public bool IsDue(DateTimeOffset? nextDue) => nextDue <= runtime.Now;

    /// <summary>
    /// Sleeps until <paramref name="nextDue"/> by the domain clock, for at most <paramref name="max"/>
    /// of real time; a timer committed in this process meanwhile that is due sooner wakes it at once.
    /// </summary>
    public async Task SleepUntilDueAsync(DateTimeOffset? nextDue, TimeSpan max, CancellationToken ct)
    {
        var now = runtime.Now;
        var sleep = nextDue is { } due && due - now < max ? due - now : max;
        if (sleep > TimeSpan.Zero)
        {
            await runtime.TimersSet.WaitAsync(now + sleep, sleep, ct);
        }
    }

    /// <summary>Fires up to <paramref name="batchSize"/> due timers in one transaction; returns how many were claimed.</summary>
    /// <remarks>
    /// Two round trips a timer: the savepoint with the instance's lock, then the runtime's batch
    /// with the fired mark. The claimed rows are read raw and never tracked: with EF Core tracking
    /// the batch's timers and saving each one, every save scanned the whole batch, and a timer
    /// cost three round trips and far more client CPU (BENCHMARKS.md, "Timers").
    /// </remarks>
    public async Task<int> FireDueAsync(int batchSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.ClaimDueTimersAsync(runtime.Now, batchSize, ct);

        // How late each fired, told once the batch is committed (a batch rolled back fires again).
        var fired = runtime.Metrics is { TimingTimers: true } ? new List<(TimerKind Kind, TimeSpan Lateness)>(due.Count) : null;

        // Instances are locked in one order by every pump, so pumps side by side never deadlock on
        // two instances whose timers they claimed crosswise (a warning and an expiry both due).
        foreach (var timer in due.OrderBy(t => t.InstanceId))
        {
            try
            {
                var instance = await db.LockInstanceAsync(timer.InstanceId, Savepoint, ct);
                if (await FireAsync(db, instance, timer, ct) is { } outcome)
                {
                    db.Rows.MarkFired(timer.Id, runtime.Now, outcome);
                }
                else
                {
                    db.Rows.MarkWarned(timer.Id, runtime.Now);
                }

                await db.SaveChangesAsync(ct);
                fired?.Add((timer.Kind, runtime.Now - timer.FireAt));
            }
            // Whatever one timer's firing throws (a database error, a bug in a definition), it
            // must not hold up the others: it backs off and is retried.
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await tx.RollbackToSavepointAsync(Savepoint, ct);
                db.DiscardUnsaved();
                log.LogError(ex, "Timer {TimerId} of instance {InstanceId} failed; it will be retried", timer.Id, timer.InstanceId);
                // A warning's retry never waits past its deadline, which then fires in its place (WorkflowTimer.NextKind).
                var retryAt = runtime.Now + RetryDelay(timer.FailedAttempts);
                await db.Timers.Where(t => t.Id == timer.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(t => t.NextAt, t => timer.Kind == TimerKind.Warning && t.DueAt < retryAt ? t.DueAt : retryAt)
                        .SetProperty(t => t.FailedAttempts, t => t.FailedAttempts + 1)
                        .SetProperty(t => t.Outcome, "error: " + ex.GetType().Name),
                    ct);
            }
        }

        await tx.CommitAsync(ct);
        foreach (var (kind, lateness) in fired ?? [])
        {
            runtime.Metrics!.TimerFired(kind, lateness);
        }

        if (db.OwesEmail)
        {
            runtime.EmailsOwed.Raise();
        }

        runtime.Changed.Raise(db.ChangedTopics);

        return due.Count;
    }

    /// <summary>Fires the timer's next stage; what it did, or null for a warning whose row stays pending for the deadline.</summary>
    private async Task<string?> FireAsync(EngineDbContext db, WorkflowInstance? instance, DueTimer timer, CancellationToken ct)
    {
        if (instance is null || instance.Version != timer.InstanceVersion)
        {
            return "stale";
        }

        var sla = runtime.Registry.For(instance).States[instance.State].Sla;
        if (timer.Kind == TimerKind.Warning || sla?.ExpiryNotifications.Count > 0)
        {
            await runtime.RecordSlaEventAsync(db, instance, timer.Kind, ct);
        }

        if (timer.Kind == TimerKind.Warning)
        {
            return sla?.ActsOnExpiry == true ? null : "warned";
        }

        if (sla?.ExpiryTrigger is not { } trigger)
        {
            return "alerted";
        }

        var result = await runtime.ApplyLockedAsync(db, instance, new Stimulus(instance.Id, trigger, Actor.System, timer.InstanceVersion, "超过办理时限"), ct);
        return result.Applied ? "fired" : result.Outcome.ToString().ToLowerInvariant();
    }
}
