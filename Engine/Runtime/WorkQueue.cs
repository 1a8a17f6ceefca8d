using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Engine.Runtime;

/// <summary>
/// Queues of work items. "Call next" is one statement: the head of the queue is locked with
/// <c>SKIP LOCKED</c> and claimed in place, so two staff calling at once never get the same item.
/// </summary>
public sealed class WorkQueue(IDbContextFactory<EngineDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>Claims the best open item of <paramref name="queues"/> for <paramref name="staffId"/>, or null when they are empty.</summary>
    public async Task<WorkItem?> ClaimNextAsync(IReadOnlyCollection<string> queues, string staffId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var queueArray = queues.ToArray();

        // Under READ COMMITTED the head row can be claimed by someone else between our look and our
        // lock; PostgreSQL then re-checks it, finds it taken and returns nothing rather than the
        // next row. So "nothing" only counts once no unclaimed item is left.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = clock.GetUtcNow();
            var claimed = await db.WorkItems
                .FromSql($"""
                    UPDATE wf.work_items SET claimed_by = {staffId}, claimed_at = {now}
                    WHERE id = (
                        SELECT id FROM wf.work_items
                        WHERE queue = ANY({queueArray}) AND closed_at IS NULL AND claimed_by IS NULL
                        ORDER BY priority DESC, created_at
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED)
                    RETURNING *
                    """)
                .AsNoTracking()
                .ToListAsync(ct);
            if (claimed.Count == 1)
            {
                return claimed[0];
            }

            if (!await db.WorkItems.AnyAsync(w => queueArray.Contains(w.Queue) && w.ClosedAt == null && w.ClaimedBy == null, ct))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Puts a claimed item back at its place in the queue.</summary>
    public async Task<bool> ReleaseAsync(Guid workItemId, string staffId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkItems
            .Where(w => w.Id == workItemId && w.ClaimedBy == staffId && w.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.ClaimedBy, (string?)null).SetProperty(w => w.ClaimedAt, (DateTimeOffset?)null), ct) == 1;
    }

    /// <summary>Open items of the queues, best first, for a queue screen.</summary>
    public async Task<IReadOnlyList<WorkItem>> ListOpenAsync(IReadOnlyCollection<string> queues, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkItems.AsNoTracking()
            .Where(w => queues.Contains(w.Queue) && w.ClosedAt == null)
            .OrderByDescending(w => w.Priority).ThenBy(w => w.CreatedAt)
            .Take(limit)
            .ToListAsync(ct);
    }
}
