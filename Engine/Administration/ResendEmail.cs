using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Administration;

/// <summary>What a resend did: the row that is owed now (the same dead letter, or the new copy of a sent email).</summary>
public sealed record Resent(Guid OutboxId, bool Copied);

/// <summary>
/// An administrator's 重发 of one of an instance's emails, in one transaction with a 台账 line of who
/// and why. A dead letter (unsent after <c>deadLetterAttempts</c>) is made due now, the same row
/// with the same Message-ID: an earlier attempt may have reached the recipient in SMTP's own window,
/// and a server that got it drops the repeat. A sent email gets a new copy, a new row and so a new
/// Message-ID: the recipient says it never arrived, and the same Message-ID would be dropped as a
/// duplicate by a server that did receive it. Each sent row is copied once (a unique index backs
/// it), and a dead letter already due is refused, so a repeated click sends nothing more. An email
/// still on its ordinary retries, or with a worker now, is left to the dispatcher.
/// </summary>
public sealed class ResendEmail(WorkflowRuntime runtime)
{
    public const int MaxReason = 500;

    /// <summary>Null when the instance has no such email.</summary>
    /// <exception cref="RuleViolationException">The email is neither sent nor a dead letter, is due already, or was copied already.</exception>
    public async Task<Resent?> RunAsync(Guid instanceId, Guid outboxId, string? reason, int deadLetterAttempts, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        new Validation().Text(reason, "reason", MaxReason).ThrowIfInvalid();
        return await runtime.InTransactionAsync(
            async (db, token) =>
            {
                var row = await db.Outbox.FromSql($"SELECT * FROM wf.outbox WHERE id = {outboxId} AND instance_id = {instanceId} FOR UPDATE")
                    .AsNoTracking().SingleOrDefaultAsync(token);
                if (row is null)
                {
                    return null;
                }

                var now = runtime.Now;
                Resent resent;
                if (row.SentAt is not null)
                {
                    if (await db.Outbox.AnyAsync(o => o.ResendOf == row.Id, token))
                    {
                        throw new RuleViolationException("已重发", "这封邮件已重发过，如仍未收到，请在新的一条记录上重发");
                    }

                    // Written here, not with a transition's rows: only a copy names the row it copies.
                    var copy = Guid.CreateVersion7(now);
                    await db.Database.ExecuteSqlAsync(
                        $"""
                        INSERT INTO wf.outbox (id, instance_id, template, recipient_name, recipient_email, model, created_at, attempts, resend_of, trace_parent)
                        SELECT {copy}, instance_id, template, recipient_name, recipient_email, model, {now.ToUniversalTime()}, 0, id, {OutboxMessage.CurrentTraceParent()} FROM wf.outbox WHERE id = {row.Id}
                        """,
                        token);
                    db.Rows.MarkOwesEmail();
                    resent = new Resent(copy, Copied: true);
                }
                else if (row.Attempts >= deadLetterAttempts)
                {
                    // Database time, as the dispatcher's: due now, unless it is with Hangfire or a worker already.
                    var released = await db.Database.ExecuteSqlAsync(
                        $"""
                        UPDATE wf.outbox SET next_attempt_at = NULL
                        WHERE id = {outboxId} AND sent_at IS NULL AND enqueued_at IS NULL
                          AND (claimed_until IS NULL OR claimed_until <= now()) AND next_attempt_at > now()
                        """,
                        token);
                    if (released == 0)
                    {
                        throw new RuleViolationException("已在发送队列中", "这封邮件已到重试时间或正在发送，请稍后刷新查看结果");
                    }

                    db.Rows.MarkOwesEmail();
                    resent = new Resent(row.Id, Copied: false);
                }
                else
                {
                    throw new RuleViolationException("无需重发", $"这封邮件尚未发出，仍在自动重试中（已尝试 {row.Attempts} 次，满 {deadLetterAttempts} 次列为死信后可重发）");
                }

                var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId, token);
                var what = resent.Copied ? "已发出的邮件另发一份（新的 Message-ID）" : "死信立即重试（同一 Message-ID）";
                db.Rows.Insert(new LedgerEntry(instance, LedgerKind.EmailResent, "resend-email", instance.State, actor, $"邮件 {row.Template}，{what}：{reason!.Trim()}", now));
                return resent;
            },
            ct);
    }
}
