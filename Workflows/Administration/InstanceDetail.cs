using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Governance.Engine;

namespace Governance.Workflows.Administration;

/// <summary>
/// A timer as the console shows it, one per limit of a state: its warning (<paramref name="WarnAt"/>, none
/// if the state warns no one) and when that went out, its deadline, and while pending what fires next
/// (<paramref name="Next"/>: 临期预警 or 到期) and when (<paramref name="NextAt"/>, later than planned after a
/// failure); <paramref name="Status"/> in words, <paramref name="Retryable"/> when its next stage fails
/// and waits for its next try.
/// </summary>
public sealed record TimerLine(
    Guid Id, int InstanceVersion, DateTimeOffset? WarnAt, DateTimeOffset? WarnedAt, DateTimeOffset DueAt, string? Next, DateTimeOffset? NextAt,
    DateTimeOffset CreatedAt, DateTimeOffset? FiredAt, DateTimeOffset? CancelledAt, string? Outcome, int FailedAttempts, string Status, bool Retryable);

public sealed record WorkItemLine(Guid Id, string State, string StateName, string Queue, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, string? ClaimedBy, DateTimeOffset? ClaimedAt, DateTimeOffset? ClosedAt, string? ClosedBy);

/// <summary>Where an email stands: 待发 (waiting for the dispatcher), 已交后台任务 (with Hangfire), 发送中 (a worker's lease), 已发送, 死信.</summary>
public enum DeliveryState
{
    Owed,
    Enqueued,
    Leased,
    Sent,
    DeadLetter,
}

/// <summary>
/// An email of the instance with its delivery: the Hangfire job it last went to, its attempts and
/// last error, the copy made of it (<paramref name="CopiedTo"/>) or the row it copies
/// (<paramref name="ResendOf"/>), and whether an administrator may send it again now.
/// </summary>
public sealed record OutboxLine(
    Guid Id, string Template, string RecipientName, string RecipientEmail, DateTimeOffset CreatedAt, DeliveryState State, string StateName,
    int Attempts, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? JobId, Guid? ResendOf, Guid? CopiedTo, bool Resendable);

/// <summary>
/// One instance in the console (实例详情): where it stands, its facts with personal data masked, its
/// 台账, timers, work items and emails, its diagram at its state, and what an administrator may do:
/// cancel it (when its definition allows), or move it to <paramref name="NewerVersion"/> by the
/// version migration (版本迁移) of its definition.
/// </summary>
public sealed record InstanceDetail(
    InstanceRow Instance, int InstanceVersion, Guid? ParentId, DateTimeOffset StateEnteredAt, string MaskedData,
    IReadOnlyList<LedgerLine> Ledger, IReadOnlyList<TimerLine> Timers, IReadOnlyList<WorkItemLine> WorkItems, IReadOnlyList<OutboxLine> Outbox,
    string Diagram, bool Cancellable, string? CancelNote, int? NewerVersion);

/// <summary>An instance's page in the console, read in one context; administrators only (the Host admits no one else).</summary>
public sealed class InstanceDetails(IDbContextFactory<EngineDbContext> dbFactory, WorkflowRegistry registry, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>Null when there is no such instance; <paramref name="deadLetterAttempts"/>: attempts after which an unsent email is a dead letter.</summary>
    public async Task<InstanceDetail?> GetAsync(Guid id, int deadLetterAttempts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (instance is null)
        {
            return null;
        }

        var definition = registry.For(instance);
        var now = clock.GetUtcNow();

        // Leases and retry times are the database's (real time), not the domain clock's.
        var realNow = TimeProvider.System.GetUtcNow();
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == id).OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(ct);
        var items = await db.WorkItems.AsNoTracking().Where(w => w.InstanceId == id).OrderByDescending(w => w.CreatedAt).ToListAsync(ct);
        var outbox = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);
        var copies = outbox.Where(o => o.ResendOf is not null).ToDictionary(o => o.ResendOf!.Value, o => o.Id);
        var timerFailing = timers.Any(t => t.FiredAt is null && t.CancelledAt is null && t.FailedAttempts > 0);
        var deadLetters = outbox.Count(o => o.SentAt is null && o.Attempts >= deadLetterAttempts);
        var latest = registry.FindLatest(instance.DefinitionName)!.Version;
        var row = new InstanceRow(
            instance.Id, instance.DefinitionName, definition.DisplayName, instance.DefinitionVersion, instance.State, definition.StateName(instance.State), instance.OrgUnit, instance.Title,
            instance.CreatedAt, instance.UpdatedAt, instance.DueAt, instance.ClockPausedAt, instance.ClosedAt,
            instance.IsCancelledIn(definition), instance.ClosedAt is null && instance.DueAt < now, timerFailing, deadLetters);
        return new InstanceDetail(
            row, instance.Version, instance.ParentId, instance.StateEnteredAt, PersonalData.MaskJson(instance.Data),
            await LedgerQueries.TimelineAsync(db, registry, instance, ct),
            [.. timers.Select(t => Line(t, now))],
            [.. items.Select(w => new WorkItemLine(w.Id, w.State, definition.StateName(w.State), w.Queue, w.CreatedAt, w.DueAt, w.ClaimedBy, w.ClaimedAt, w.ClosedAt, w.ClosedBy))],
            [.. outbox.Select(o => Line(o, copies.TryGetValue(o.Id, out var copy) ? copy : null, deadLetterAttempts, realNow))],
            definition.DrawingWithCurrent(registry.Roles, instance.State),
            instance.ClosedAt is null && definition.Cancel is not null,
            instance.ClosedAt is not null ? null : definition.Cancel is null ? $"“{definition.DisplayName}”的业务记录只能由流程本身的步骤关闭，管理员不能撤销" : null,
            instance.ClosedAt is null && latest > instance.DefinitionVersion ? latest : null);
    }

    private static TimerLine Line(WorkflowTimer t, DateTimeOffset now)
    {
        var pending = t.FiredAt is null && t.CancelledAt is null;
        var next = pending ? (t.NextKind == TimerKind.Warning ? "临期预警" : "到期") : null;
        var status = t.CancelledAt is not null ? "已取消"
            : t.FiredAt is not null ? $"已触发（{t.Outcome}）"
            : t.FailedAttempts > 0 ? $"{next}触发失败 {t.FailedAttempts} 次，等待重试（{t.Outcome}）"
            : t.NextAt <= now ? $"{next}时间已到，等待触发"
            : t.WarnedAt is not null ? "已预警，到期待触发"
            : "待触发";
        var retryable = pending && t.FailedAttempts > 0 && t.NextAt > now;
        return new TimerLine(
            t.Id, t.InstanceVersion, t.WarnAt, t.WarnedAt, t.DueAt, next, pending ? t.NextAt : null,
            t.CreatedAt, t.FiredAt, t.CancelledAt, t.Outcome, t.FailedAttempts, status, retryable);
    }

    private static OutboxLine Line(OutboxMessage o, Guid? copiedTo, int deadLetterAttempts, DateTimeOffset realNow)
    {
        var state = o.SentAt is not null ? DeliveryState.Sent
            : o.ClaimedUntil > realNow ? DeliveryState.Leased
            : o.Attempts >= deadLetterAttempts ? DeliveryState.DeadLetter
            : o.EnqueuedAt is not null ? DeliveryState.Enqueued
            : DeliveryState.Owed;
        var resendable = state == DeliveryState.Sent ? copiedTo is null : state == DeliveryState.DeadLetter && o.EnqueuedAt is null && o.NextAttemptAt > realNow;
        return new OutboxLine(
            o.Id, o.Template, o.RecipientName, o.RecipientEmail, o.CreatedAt, state, Name(state),
            o.Attempts, o.LastError, o.NextAttemptAt, o.SentAt, o.JobId, o.ResendOf, copiedTo, resendable);
    }

    public static string Name(DeliveryState state) => state switch
    {
        DeliveryState.Owed => "待发",
        DeliveryState.Enqueued => "已交后台任务",
        DeliveryState.Leased => "发送中",
        DeliveryState.Sent => "已发送",
        DeliveryState.DeadLetter => "死信",
        _ => state.ToString(),
    };
}
