using Governance.Engine.Telemetry;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// The tickets waiting per hall and item (<see cref="QueueName"/>), for the engine's queue gauge;
/// a transferred ticket waits at a window but counts under its item. Read through the queue
/// heads' partial index: only today's waiting tickets are in it.
/// </summary>
public sealed class HallQueueReading(IDbContextFactory<WorkflowDbContext> dbFactory, EngineMetrics metrics) : IPeriodicReading
{
    public async Task ReadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.State == TicketWorkflow.Waiting)
            .GroupBy(t => new { t.HallId, t.ItemId })
            .Select(g => new { g.Key.HallId, g.Key.ItemId, Count = g.LongCount() })
            .ToListAsync(ct);
        metrics.ReportQueues([.. waiting.Select(w => new QueueDepth(QueueName(w.HallId, w.ItemId), w.Count))]);
    }

    /// <summary>A hall's queue for an item as the figures name it: the org unit of its tickets, <c>hall/{hallId}/item/{itemId}</c>.</summary>
    public static string QueueName(int hallId, int itemId) => TicketWorkflow.OrgUnitOf(hallId, itemId);
}
