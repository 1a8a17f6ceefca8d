using System.Diagnostics;
using Governance.Notifications.Templates;
using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Engine.Telemetry;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Notifications;

/// <summary>
/// The Hangfire job that sends a batch of outbox emails over one SMTP connection. Hangfire runs a
/// job at least once, and the dispatcher may hand an email out again, so for each email the job
/// first claims a lease on its row (one autocommit UPDATE, refused if the email is sent or another
/// worker holds it), then sends, then marks it sent (one autocommit UPDATE). No row lock or
/// transaction is held across SMTP. What is left is SMTP's own window: the server accepted the
/// message and the process died before the mark, so the email goes again, with the same
/// Message-ID, once the lease lapses.
/// </summary>
/// <remarks>
/// A failed email does not fail the job: the row records the attempt and the dispatcher, which
/// owns retries, hands it out again. Hangfire retries the job only for a fault of the database;
/// should it give up, the dispatcher's sweep for lost jobs hands the emails out again.
/// Each email sent is a span of the trace that wrote its row, and is counted and timed in <paramref name="metrics"/>.
/// </remarks>
public sealed class OutboxDelivery(
    IDbContextFactory<EngineDbContext> dbFactory,
    EmailSender sender,
    EmailTemplates templates,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<OutboxDelivery> log,
    IOptions<OutboxOptions>? options = null,
    EngineMetrics? metrics = null)
{
    private readonly OutboxOptions _options = options?.Value ?? new OutboxOptions();

    /// <summary>
    /// Sends every email of the batch that is owed and free. One the server refuses does not hold
    /// up the others; when the server itself is away, the rest are recorded as failed with it
    /// instead of each waiting for a timeout.
    /// </summary>
    // Hangfire's own delays (15–44 s before the first retry, minutes after) would make a database
    // fault of a second cost every email of the batch half a minute; past the third try the
    // dispatcher's sweep for lost jobs takes them back.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 1, 5, 30 }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue("email")]
    public async Task DeliverAsync(Guid[] outboxIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var smtp = sender.OpenSession();
        for (var i = 0; i < outboxIds.Length; i++)
        {
            var message = await ClaimAsync(db, outboxIds[i], ct);
            if (message is null)
            {
                continue;
            }

            using var span = EngineMetrics.StartDelivery(message.Id, message.Template, message.InstanceId, message.TraceParent);
            try
            {
                var email = templates.Get(message.Template).Render(TemplateModel.Parse(message.Model), message.RecipientName);
                await smtp.SendAsync(message.Id, message.RecipientName, message.RecipientEmail, email, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                metrics?.EmailFailed(message.Template);
                span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                await OutboxRetry.RecordFailureAsync(
                    db.Database,
                    OutboxRetry.Rows.Claimed,
                    [new NpgsqlParameter("id", message.Id), new NpgsqlParameter("claim", message.ClaimedUntil)],
                    ex.Message,
                    _options,
                    ct);

                // The exception's text may name the recipient; it is kept on the row, not in the log.
                log.LogWarning("Email {OutboxId} ({Template}) failed at attempt {Attempt} ({Error}); the dispatcher retries it", message.Id, message.Template, message.Attempts, ex.GetType().Name);
                if (EmailSender.IsServerTrouble(ex))
                {
                    await GiveBackAsync(db, outboxIds[(i + 1)..], ex.Message, ct);
                    return;
                }

                continue;
            }

            await MarkSentAsync(db, message.Id, ct);
            metrics?.EmailSent(message.Template, clock.GetUtcNow() - message.CreatedAt);
        }
    }

    /// <summary>The row, leased to this worker, if it is owed and no other worker holds it; null otherwise.</summary>
    private async Task<OutboxMessage?> ClaimAsync(EngineDbContext db, Guid outboxId, CancellationToken ct)
    {
        var claimed = await db.Outbox
            .FromSql($"""
                UPDATE wf.outbox SET claimed_until = now() + {_options.Lease}, attempts = attempts + 1
                WHERE id = {outboxId} AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(ct);
        return claimed.SingleOrDefault();
    }

    /// <summary>
    /// The server accepted the email: the mark must land, or the lease lapses and it goes again.
    /// A database outage is waited out for as long as half the lease.
    /// </summary>
    private async Task MarkSentAsync(EngineDbContext db, Guid outboxId, CancellationToken ct)
    {
        // Real time, not the domain clock: how long to keep trying.
        var giveUp = TimeProvider.System.GetUtcNow() + _options.Lease / 2;
        while (true)
        {
            try
            {
                await db.Database.ExecuteSqlAsync(
                    $"UPDATE wf.outbox SET sent_at = {clock.GetUtcNow()}, claimed_until = NULL, next_attempt_at = NULL, last_error = NULL WHERE id = {outboxId}",
                    ct);
                return;
            }
            catch (Exception ex) when (DatabaseOutage.IsOutage(ex) && TimeProvider.System.GetUtcNow() < giveUp)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>The server is away: the emails not tried yet count an attempt that failed with it, and go back to the dispatcher.</summary>
    private async Task GiveBackAsync(EngineDbContext db, Guid[] untried, string error, CancellationToken ct)
    {
        if (untried.Length == 0)
        {
            return;
        }

        await OutboxRetry.RecordFailureAsync(
            db.Database,
            OutboxRetry.Rows.Untried,
            [new NpgsqlParameter("ids", untried)],
            error,
            _options,
            ct);
    }
}
