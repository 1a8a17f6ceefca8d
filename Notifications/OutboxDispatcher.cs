using Governance.Workflows;
using Governance.Workflows.Runtime;
using Governance.Workflows.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Notifications;

/// <summary>Configuration section <c>Notifications:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Notifications:Outbox";

    /// <summary>
    /// How often to look for undispatched rows nobody in this process signalled: rows committed by
    /// another node, or left by a node that died. A commit in this process wakes the dispatcher at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Emails per Hangfire job. A job costs several PostgreSQL round trips and an SMTP connection;
    /// a batch shares them. A quiet system still sends each email in a job of its own at once.
    /// </summary>
    public int EmailsPerJob { get; set; } = 20;
}

/// <summary>
/// Moves outbox rows to Hangfire, a batch of emails per job. Woken by <see cref="WorkflowRuntime.EmailsOwed"/> after a commit
/// in this process, and by a poll. A row is claimed with SKIP LOCKED, enqueued, then marked; a crash in between only
/// enqueues it again, which <see cref="OutboxDelivery"/> shrugs off. Every Host runs one.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<WorkflowDbContext> dbFactory,
    IBackgroundJobClient jobs,
    WorkflowRuntime runtime,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    /// <summary>Hands up to one batch of undispatched rows to Hangfire; returns how many.</summary>
    private async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Database
            .SqlQuery<Guid>($"""
                SELECT id AS "Value" FROM wf.outbox WHERE enqueued_at IS NULL
                ORDER BY created_at LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        foreach (var batch in ids.Chunk(options.Value.EmailsPerJob))
        {
            jobs.Enqueue<OutboxDelivery>(d => d.DeliverAsync(batch, CancellationToken.None));
        }

        var now = clock.GetUtcNow();
        await db.Outbox.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.EnqueuedAt, now), ct);
        await tx.CommitAsync(ct);
        return ids.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchAsync(stoppingToken) == options.Value.BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(ex, "Outbox dispatcher could not reach the database; retrying");
            }

            // Woken at once by a commit in this process; rows another node committed wait for the poll.
            await runtime.EmailsOwed.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }
}
