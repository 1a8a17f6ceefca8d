using Governance.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Governance.Workflows.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Notifications;

/// <summary>Configuration section <c>Notifications:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Notifications:Outbox";

    /// <summary>How often to look for undispatched rows when no NOTIFY arrives (a safety net; NOTIFY is the fast path).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Moves outbox rows to Hangfire. Woken by the NOTIFY a committing transition sends, and by a
/// slow poll. A row is claimed with SKIP LOCKED, enqueued, then marked; a crash in between only
/// enqueues it again, which <see cref="OutboxDelivery"/> shrugs off. Every Host runs one.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<WorkflowDbContext> dbFactory,
    IBackgroundJobClient jobs,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    /// <summary>Hands up to one batch of undispatched rows to Hangfire; returns how many.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Database
            .SqlQuery<Guid>($"""
                SELECT id AS "Value" FROM wf.outbox WHERE enqueued_at IS NULL
                ORDER BY created_at LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        foreach (var id in ids)
        {
            jobs.Enqueue<OutboxDelivery>(d => d.DeliverAsync(id, CancellationToken.None));
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
                await ListenAndDispatchAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(ex, "Outbox dispatcher lost its connection; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    private async Task ListenAndDispatchAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {WorkflowDbContext.OutboxChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        while (!ct.IsCancellationRequested)
        {
            while (await DispatchAsync(ct) == options.Value.BatchSize)
            {
            }

            // Returns at once if a NOTIFY came in while we were dispatching: it waited on the socket.
            await connection.WaitAsync(options.Value.PollInterval, ct);
        }
    }
}
