using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Notifications;

/// <summary>
/// Moves owed outbox rows to Hangfire, a batch of emails per job, and owns their retries. Woken by
/// <see cref="WorkflowRuntime.EmailsOwed"/> after a commit in this process, and by a poll. Rows are
/// locked with SKIP LOCKED, enqueued, then marked; a crash in between only enqueues them again,
/// which <see cref="OutboxDelivery"/>'s lease shrugs off. A row whose lease lapsed, or whose job
/// was lost, is handed back by a sweep every quarter lease. Every Host runs one.
/// </summary>
/// <remarks>
/// <para>
/// Retries are not Hangfire's: a failed email comes back here, due after a capped, doubling wait
/// (<see cref="OutboxRetry"/>). Before it hands out a retry the dispatcher asks the SMTP server
/// whether it answers (a connect and QUIT). While it does not, no job is handed out: the server is
/// asked again every <see cref="OutboxOptions.ProbeInterval"/>, each retry whose time came counts a
/// failed attempt (so a long outage turns emails into dead letters that /health reports), and the
/// moment it answers every owed email, dead letters included, is due at once. So after an outage
/// of any length the mail goes out within a probe interval and a send, not after each email's own
/// backoff.
/// </para>
/// <para>A database outage is waited out with <see cref="OutageBackoff"/>, logged once.</para>
/// </remarks>
public sealed class OutboxDispatcher(
    IDbContextFactory<EngineDbContext> dbFactory,
    IBackgroundJobClient jobs,
    WorkflowRuntime runtime,
    EmailSender sender,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextProbe;
    private DateTimeOffset _nextSweep;

    // Written by the loop, read by /health and the admin page: one reference, replaced whole.
    private volatile SmtpOutage? _smtpDown;

    /// <summary>Since when, and why, this node's probe finds the SMTP server not answering; null while it answers.</summary>
    public SmtpOutage? SmtpDown => _smtpDown;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new OutageBackoff("outbox dispatcher", log);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await TickAsync(stoppingToken);
                outage.Succeeded();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && DatabaseOutage.IsOutage(ex))
            {
                wait = outage.Failed(ex);
            }

            // Woken at once by a commit in this process; rows another node committed wait for the poll.
            await runtime.EmailsOwed.WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>One round; returns how long to wait before the next.</summary>
    private async Task<TimeSpan> TickAsync(CancellationToken ct)
    {
        // Real time, not the domain clock: when to probe and sweep is how often we look.
        var now = TimeProvider.System.GetUtcNow();
        if (_smtpDown is not null)
        {
            if (now < _nextProbe)
            {
                // Nothing can be sent: no database work until the server is asked again.
                return _nextProbe - now;
            }

            if (!await ProbeAsync(ct))
            {
                return _options.ProbeInterval;
            }
        }

        if (now >= _nextSweep)
        {
            await HandBackAsync(ct);
            _nextSweep = now + TimeSpan.FromTicks(Math.Min(_options.Lease.Ticks / 4, _options.StaleAfter.Ticks / 10));
        }

        var probed = false;
        while (true)
        {
            var handed = await DispatchAsync(mayRetry: probed, ct);
            if (handed == Dispatch.RetriesDue)
            {
                probed = true;
                if (!await ProbeAsync(ct))
                {
                    return _options.ProbeInterval;
                }

                continue;
            }

            if (handed != Dispatch.FullBatch)
            {
                return _options.PollInterval;
            }
        }
    }

    private enum Dispatch
    {
        /// <summary>Fewer than a batch: everything due is with Hangfire.</summary>
        Done,

        /// <summary>A whole batch: there may be more.</summary>
        FullBatch,

        /// <summary>Retries are due and SMTP was not asked yet this round; nothing was handed out.</summary>
        RetriesDue,
    }

    /// <summary>Hands up to one batch of due rows to Hangfire, unless it holds a retry and <paramref name="mayRetry"/> is false.</summary>
    private async Task<Dispatch> DispatchAsync(bool mayRetry, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Database
            .SqlQueryRaw<DueRow>(
                $"""
                SELECT id AS "Id", attempts AS "Attempts" FROM wf.outbox WHERE {OutboxRetry.Due}
                ORDER BY {OutboxRetry.DueFirst} LIMIT @batch FOR UPDATE SKIP LOCKED
                """,
                new NpgsqlParameter("batch", _options.BatchSize))
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return Dispatch.Done;
        }

        if (!mayRetry && due.Any(d => d.Attempts > 0))
        {
            return Dispatch.RetriesDue;
        }

        // Each row keeps the id of the job it went to, so an operator can follow it on the dashboard.
        var (ids, jobIds) = (new List<Guid>(due.Count), new List<string>(due.Count));
        foreach (var batch in due.Select(d => d.Id).Chunk(_options.EmailsPerJob))
        {
            var job = jobs.Enqueue<OutboxDelivery>(d => d.DeliverAsync(batch, CancellationToken.None));
            ids.AddRange(batch);
            jobIds.AddRange(batch.Select(_ => job));
        }

        var (idArray, jobArray) = (ids.ToArray(), jobIds.ToArray());
        await db.Database.ExecuteSqlAsync(
            $"UPDATE wf.outbox o SET enqueued_at = now(), job_id = j.job_id FROM unnest({idArray}, {jobArray}) AS j(id, job_id) WHERE o.id = j.id",
            ct);
        await tx.CommitAsync(ct);
        return due.Count == _options.BatchSize ? Dispatch.FullBatch : Dispatch.Done;
    }

    /// <summary>
    /// Asks the SMTP server whether it answers. Not answering: every due email counts a failed
    /// attempt, and the next question is in <see cref="OutboxOptions.ProbeInterval"/>. Answering
    /// after not answering: every owed email is due now.
    /// </summary>
    private async Task<bool> ProbeAsync(CancellationToken ct)
    {
        var error = await sender.ProbeAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (error is not null)
        {
            if (_smtpDown is null)
            {
                log.LogWarning("The SMTP server does not answer ({Error}); owed emails wait, and it is asked again every {Interval}", error, _options.ProbeInterval);
            }

            _smtpDown = new SmtpOutage(_smtpDown?.Since ?? TimeProvider.System.GetUtcNow(), error);
            _nextProbe = TimeProvider.System.GetUtcNow() + _options.ProbeInterval;
            await OutboxRetry.RecordFailureAsync(db.Database, OutboxRetry.Rows.Due, [], error, _options, ct);
            return false;
        }

        if (_smtpDown is { Since: var since })
        {
            var released = await db.Database.ExecuteSqlRawAsync($"UPDATE wf.outbox SET next_attempt_at = NULL WHERE next_attempt_at IS NOT NULL AND enqueued_at IS NULL AND {OutboxRetry.Unclaimed}", ct);
            log.LogInformation("The SMTP server answers again after {Outage}; {Count} owed emails are due now", TimeProvider.System.GetUtcNow() - since, released);
            _smtpDown = null;
        }

        return true;
    }

    /// <summary>
    /// Rows with Hangfire that nobody will send: a lease lapsed (its worker died, or SMTP hung past
    /// it), or never claimed for <see cref="OutboxOptions.StaleAfter"/> (the job was lost). They
    /// wait for the dispatcher again.
    /// </summary>
    private async Task HandBackAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lost = await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE wf.outbox SET enqueued_at = NULL
            WHERE sent_at IS NULL AND enqueued_at IS NOT NULL
              AND (claimed_until <= now() OR claimed_until IS NULL AND enqueued_at <= now() - @stale_after)
            """,
            [new NpgsqlParameter("stale_after", _options.StaleAfter)],
            ct);
        if (lost > 0)
        {
            log.LogWarning("{Count} emails with Hangfire had a lapsed lease or no claim for {StaleAfter}; they are handed out again", lost, _options.StaleAfter);
        }
    }

    private sealed record DueRow(Guid Id, int Attempts);
}

/// <summary>The SMTP server has not answered this node's probe since <paramref name="Since"/>; <paramref name="Error"/> says why.</summary>
public sealed record SmtpOutage(DateTimeOffset Since, string Error);
