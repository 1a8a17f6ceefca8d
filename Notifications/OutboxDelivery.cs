using Governance.Notifications.Templates;
using Governance.Workflows;
using Governance.Workflows.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Notifications;

/// <summary>
/// The Hangfire job that sends a batch of outbox emails over one SMTP connection. Hangfire runs
/// a job at least once, so this job is safe to run twice: each email is sent while its outbox
/// row is locked and after an "already sent" check, and marked sent in the same transaction, so a
/// second run (retry, duplicate enqueue, second server) sends only what the first did not. The
/// one window left is SMTP's own: the server accepted the message and this process died before
/// the commit.
/// </summary>
public sealed class OutboxDelivery(
    IDbContextFactory<WorkflowDbContext> dbFactory,
    EmailSender sender,
    EmailTemplates templates,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<OutboxDelivery> log)
{
    /// <summary>
    /// Sends every email of the batch that is not sent yet. One that fails does not hold up the
    /// others; the job then fails as a whole, and Hangfire's retry sends only what is still owed.
    /// </summary>
    [AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue("email")]
    public async Task DeliverAsync(Guid[] outboxIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        await using var smtp = sender.OpenSession();
        List<Exception> failures = [];
        foreach (var id in outboxIds)
        {
            try
            {
                await DeliverOneAsync(id, smtp, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} of {outboxIds.Length} emails failed; Hangfire will retry them", failures);
        }
    }

    /// <summary>Sends one email unless it is sent already or unknown.</summary>
    private async Task DeliverOneAsync(Guid outboxId, EmailSender.SmtpSession smtp, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var message = await db.Outbox.FromSql($"SELECT * FROM wf.outbox WHERE id = {outboxId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (message is null)
        {
            // Outbox rows are never deleted: this job runs against a database that never had it.
            log.LogWarning("Email {OutboxId} is not in this Host's outbox; nothing sent", outboxId);
            return;
        }

        if (message.SentAt is not null)
        {
            return;
        }

        try
        {
            var email = templates.Get(message.Template).Render(TemplateModel.Parse(message.Model), message.RecipientName);
            await smtp.SendAsync(message.Id, message.RecipientName, message.RecipientEmail, email, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await tx.RollbackAsync(ct);
            await db.Outbox.Where(o => o.Id == outboxId).ExecuteUpdateAsync(
                s => s.SetProperty(o => o.Attempts, o => o.Attempts + 1).SetProperty(o => o.LastError, ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message),
                ct);
            log.LogWarning(ex, "Email {OutboxId} ({Template}) failed; Hangfire will retry", outboxId, message.Template);
            throw;
        }

        message.MarkSent(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
