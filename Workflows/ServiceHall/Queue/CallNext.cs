using Governance.Workflows.Calendar;
using Governance.Workflows.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// Staff at a window call the next ticket (叫号). The order: booked tickets whose slot has begun,
/// by slot time, ahead of everyone; then every other ticket, walk-in or booked early, by issue
/// time. A window serves the queues of the items mapped to it and its own queue (tickets
/// transferred to it); once closed for the day, only its own queue.
/// </summary>
public sealed class CallNextHandler(WorkflowRuntime runtime)
{
    /// <summary>
    /// How far down each queue's index the claim may look past tickets others are claiming right
    /// now. The limit also makes PostgreSQL read each branch as an ordered index scan rather than
    /// sort the whole queue; it only has to exceed the staff who can be calling at one moment.
    /// </summary>
    private const int HeadDepth = 256;

    /// <summary>The called ticket, or null when the window's queues are empty.</summary>
    public Task<TicketView?> HandleAsync(int windowId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var now = runtime.Now;
            var today = ChinaTime.DateOf(now);
            // One round trip for the window, whether it has closed today, and the items it serves (with their names, for the answer).
            var found = await db.Set<ServiceWindow>().AsNoTracking().Where(w => w.Id == windowId)
                .Select(w => new
                {
                    Window = w,
                    Closed = db.Set<WindowClosing>().Any(c => c.WindowId == w.Id && c.Date == today),
                    Items = db.Set<ServiceItem>().Where(i => i.Windows.Any(x => x.Id == w.Id)).Select(i => new { i.Id, i.Name }).ToList(),
                })
                .SingleOrDefaultAsync(token)
                ?? throw new UnauthorizedAccessException($"窗口 {windowId} 不在您的职责范围内");
            var window = found.Window;
            QueueAccess.DemandWindow(actor, window);
            string[] queues = [Ticket.WindowQueue(windowId), .. found.Closed ? [] : found.Items.Select(i => Ticket.ItemQueue(i.Id))];
            var ticket = await ClaimAsync(db, queues, windowId, actor.Id, now, token);
            if (ticket is null)
            {
                return null;
            }

            var instance = await db.LockInstanceAsync(ticket.Id, token);

            // The claim is the authorization: the ticket was in a queue of a window in the actor's scope.
            TransitionRefusedException.ThrowIfRefused(await runtime.ApplyLockedAsync(db, instance!, new Stimulus(ticket.Id, TicketWorkflow.Call, actor, $"{window.Code} 叫号"), token));
            // A ticket transferred here may be of an item the window does not serve itself.
            var itemName = found.Items.Find(i => i.Id == ticket.ItemId)?.Name
                ?? await db.Set<ServiceItem>().Where(i => i.Id == ticket.ItemId).Select(i => i.Name).SingleAsync(token);
            return (TicketView?)TicketView.Of(ticket, instance!, itemName);
        }, ct);
    }

    /// <summary>
    /// One statement: the head of the booked lane (slot begun) if any, else the head of the issue-time
    /// lane, each read from its partial index in order and locked with <c>SKIP LOCKED</c>, so two
    /// staff never get the same ticket. The second lane is only read when the first is empty.
    /// </summary>
    private static async Task<Ticket?> ClaimAsync(WorkflowDbContext db, string[] queues, int windowId, string staffId, DateTimeOffset now, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new("window", windowId),
            new("staff", staffId),
            new("now", now.ToUniversalTime()),
        };
        parameters.AddRange(queues.Select((q, i) => new NpgsqlParameter($"q{i}", q)));
        var booked = string.Join(" UNION ALL ", queues.Select((_, i) =>
            $"(SELECT id, slot_starts_at, issued_at FROM queue.tickets WHERE queue = @q{i} AND state = 'Waiting' AND slot_starts_at IS NOT NULL AND slot_starts_at <= @now ORDER BY slot_starts_at, issued_at LIMIT {HeadDepth})"));
        var everyone = string.Join(" UNION ALL ", queues.Select((_, i) =>
            $"(SELECT id, issued_at FROM queue.tickets WHERE queue = @q{i} AND state = 'Waiting' ORDER BY issued_at LIMIT {HeadDepth})"));
        var sql = $"""
            UPDATE queue.tickets SET state = 'Serving', window_id = @window, called_at = @now, called_by = @staff,
                waiting_time = waiting_time + (@now - waiting_since)
            WHERE state = 'Waiting' AND id = COALESCE(
                (SELECT t.id FROM ({booked}) c JOIN queue.tickets t ON t.id = c.id AND t.state = 'Waiting'
                 ORDER BY c.slot_starts_at, c.issued_at LIMIT 1 FOR UPDATE OF t SKIP LOCKED),
                (SELECT t.id FROM ({everyone}) c JOIN queue.tickets t ON t.id = c.id AND t.state = 'Waiting'
                 ORDER BY c.issued_at LIMIT 1 FOR UPDATE OF t SKIP LOCKED))
            RETURNING *
            """;

        // Under READ COMMITTED a head row claimed and committed by someone else between our look and
        // our lock is re-checked and skipped; "nothing" only counts once no waiting ticket is left.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var claimed = await db.Set<Ticket>().FromSqlRaw(sql, [.. parameters.Select(p => p.Clone())]).AsNoTracking().ToListAsync(ct);
            if (claimed.Count == 1)
            {
                return claimed[0];
            }

            if (!await db.Set<Ticket>().AnyAsync(t => queues.Contains(t.Queue) && t.State == TicketWorkflow.Waiting, ct))
            {
                return null;
            }
        }

        return null;
    }
}
