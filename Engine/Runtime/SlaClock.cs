using System.Globalization;
using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Runtime;

/// <summary>
/// Stops and restarts the SLA clock of an instance's current state (暂停计时 / 恢复计时), where
/// the definition lets it (<see cref="WorkflowDefinition.StateBuilder.PausableClock"/>): while the
/// applicant brings missing materials (补正), the limit does not run. Pausing keeps what was left
/// of it (working time for a working-day limit, the plain span for a calendar one), cancels the
/// pending timers and clears the deadline; resuming counts what was left from the resume instant on
/// the holiday calendar and sets the timers again. Each is one transaction with a 台账 line and the
/// state's emails, and bumps the instance's version, so a repeated click finds it moved on.
/// </summary>
public sealed class SlaClock(WorkflowRuntime runtime)
{
    /// <summary>
    /// Stops the clock of instance <paramref name="id"/>. The row is locked and the caller's reach
    /// checked before <paramref name="reason"/> is asked for (it may validate the request and throw
    /// <see cref="RequestValidationException"/>), so an instance out of reach answers as one that does not exist.
    /// </summary>
    public Task<TransitionResult> PauseAsync(Guid id, string workflow, Actor actor, int expectedVersion, Func<string> reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return runtime.InTransactionAsync(
            async (db, token) =>
            {
                if (await runtime.ReachAsync(db, id, workflow, actor, token) is not { } instance)
                {
                    return TransitionResult.NotFound;
                }

                var why = reason().Trim();
                if (Refusal(instance, actor, expectedVersion, paused: false) is { } refused)
                {
                    return refused;
                }

                var (now, state) = (runtime.Now, runtime.Registry.For(instance).States[instance.State]);
                if (string.IsNullOrWhiteSpace(why))
                {
                    return new(TransitionOutcome.GuardFailed, instance, "须填写暂停计时的理由");
                }

                if (instance.DueAt is not { } due || due <= now)
                {
                    return new(TransitionOutcome.GuardFailed, instance, "本环节办理时限已过，不能暂停计时");
                }

                var working = state.Sla!.Limit.CountsWorkingDays;
                var warnAt = await db.Timers.AsNoTracking()
                    .Where(t => t.InstanceId == id && t.InstanceVersion == instance.Version && t.WarnedAt == null && t.FiredAt == null && t.CancelledAt == null)
                    .Select(t => t.WarnAt)
                    .FirstOrDefaultAsync(token);
                var remaining = Left(working, now, due);
                var warningRemaining = warnAt > now ? Left(working, now, warnAt.Value) : (TimeSpan?)null;
                var fromVersion = instance.Version;
                instance.PauseClock(now);
                db.Rows.Update(instance, fromVersion);
                db.Rows.CancelTimers(id, now);
                db.Rows.SetWorkItemsDue(id, null);
                db.Rows.Insert(new ClockPause(Guid.CreateVersion7(now), instance, remaining, warningRemaining, working, why, actor, now));
                db.Rows.Insert(new LedgerEntry(instance, LedgerKind.ClockPaused, "clock-pause", instance.State, actor, $"暂停计时：{why}（剩余 {Describe(working, remaining)}）", now));
                await NotifyAsync(db, instance, actor, why, state.Pause!.OnPause, now, token);
                return new TransitionResult(TransitionOutcome.Applied, instance, "已暂停计时");
            },
            ct);
    }

    /// <summary>
    /// Restarts the clock of instance <paramref name="id"/>: the time that was left, counted from now.
    /// <paramref name="note"/> (optional, e.g. 材料已补齐) is asked for after the reach check, as for a pause.
    /// </summary>
    public Task<TransitionResult> ResumeAsync(Guid id, string workflow, Actor actor, int expectedVersion, Func<string?> note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(note);
        return runtime.InTransactionAsync(
            async (db, token) =>
            {
                if (await runtime.ReachAsync(db, id, workflow, actor, token) is not { } instance)
                {
                    return TransitionResult.NotFound;
                }

                var said = note()?.Trim();
                if (Refusal(instance, actor, expectedVersion, paused: true) is { } refused)
                {
                    return refused;
                }

                var (now, calendar) = (runtime.Now, runtime.Calendar);
                var state = runtime.Registry.For(instance).States[instance.State];
                var pause = await db.ClockPauses.AsNoTracking().SingleAsync(p => p.InstanceId == id && p.ResumedAt == null, token);
                var dueAt = Add(pause.WorkingTime, now, pause.Remaining);
                var warnAt = pause.WarningRemaining is { } w ? Add(pause.WorkingTime, now, w) : (DateTimeOffset?)null;
                var fromVersion = instance.Version;
                instance.ResumeClock(now, dueAt, pause.WorkingTime ? calendar.FirstYearWithoutData(now, dueAt) : null);
                db.Rows.Update(instance, fromVersion);
                db.Rows.EndPause(id, actor, now);
                db.Rows.SetWorkItemsDue(id, dueAt);
                WorkflowRuntime.SetTimers(db, instance, state.Sla!, warnAt, dueAt, now);
                var reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"恢复计时{(string.IsNullOrEmpty(said) ? "" : $"：{said}")}（暂停于 {ChinaTime.ToLocal(pause.PausedAt):yyyy-MM-dd HH:mm}，剩余 {Describe(pause.WorkingTime, pause.Remaining)}，办理时限顺延至 {ChinaTime.ToLocal(dueAt):yyyy-MM-dd HH:mm}）");
                db.Rows.Insert(new LedgerEntry(instance, LedgerKind.ClockResumed, "clock-resume", instance.State, actor, reason, now));
                await NotifyAsync(db, instance, actor, string.IsNullOrEmpty(said) ? null : said, state.Pause!.OnResume, now, token);
                return new TransitionResult(TransitionOutcome.Applied, instance, "已恢复计时");
            },
            ct);
    }

    /// <summary>Why the request changes nothing: a version left behind, a state whose clock cannot stop, a clock already stopped (or running), a role without the right.</summary>
    private TransitionResult? Refusal(WorkflowInstance instance, Actor actor, int expectedVersion, bool paused)
    {
        if (expectedVersion != instance.Version)
        {
            return TransitionResult.Stale(instance, expectedVersion);
        }

        var state = runtime.Registry.For(instance).States[instance.State];
        if (instance.ClosedAt is not null || state.Pause is not { } pause)
        {
            return new(TransitionOutcome.NotPermitted, instance, $"当前状态“{state.DisplayName}”下不能暂停或恢复计时");
        }

        if ((instance.ClockPausedAt is not null) != paused)
        {
            return new(TransitionOutcome.NotPermitted, instance, paused ? "本环节计时未暂停，无需恢复" : "本环节计时已暂停");
        }

        return pause.Roles.Contains(actor.Role)
            ? null
            : new(TransitionOutcome.Forbidden, instance, $"{runtime.Registry.Roles.DisplayName(actor.Role)}无权暂停或恢复计时");
    }

    private TimeSpan Left(bool working, DateTimeOffset now, DateTimeOffset until) =>
        working ? runtime.Calendar.WorkingTimeBetween(now, until) : until - now;

    private DateTimeOffset Add(bool working, DateTimeOffset from, TimeSpan left) =>
        working ? runtime.Calendar.AddWorkingTime(from, left) : ChinaTime.ToLocal(from + left);

    private static string Describe(bool working, TimeSpan left) =>
        string.Create(CultureInfo.InvariantCulture, $"{left.TotalDays:0.##} 个{(working ? "工作日" : "自然日")}");

    private async Task NotifyAsync(EngineDbContext db, WorkflowInstance instance, Actor actor, string? reason, IReadOnlyList<NotificationSpec> notifications, DateTimeOffset now, CancellationToken ct)
    {
        var context = new TransitionContext(db, instance, runtime.Registry.For(instance), actor, reason, now, runtime.Calendar);
        foreach (var notification in notifications)
        {
            await WorkflowRuntime.AddNotificationAsync(context, notification, ct);
        }
    }
}
