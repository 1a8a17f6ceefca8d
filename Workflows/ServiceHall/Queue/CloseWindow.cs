using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>What closing a window for the day (闭窗) did: closed (perhaps under 延时), or refused for the tickets it still holds.</summary>
public sealed record CloseWindowResult(bool Closed, Guid? ExtendedHoursId, IReadOnlyList<string> PendingTickets);

/// <summary>
/// Closing time. A window may close for the day only once it holds no ticket that must be
/// finished today: one it is serving, one transferred to it, or one waiting for an item no other
/// open window serves. Otherwise closing is refused and the hall lead is emailed (once per window
/// per day, however often staff try) — unless a 延时服务 is registered for the window today:
/// then it closes to new tickets, and the remaining ones stay in its own queue, served under 延时.
/// </summary>
public sealed class CloseWindowHandler(WorkflowRuntime runtime)
{
    public const string RefusedTemplate = "queue.close-refused";

    public Task<CloseWindowResult> HandleAsync(int windowId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var window = await db.Set<ServiceWindow>().Include(w => w.Hall).SingleOrDefaultAsync(w => w.Id == windowId, token)
                ?? throw QueueAccess.OutOfReach();
            QueueAccess.DemandWindow(actor, window);
            var now = runtime.Now;
            var today = ChinaTime.DateOf(now);
            if (await db.Set<WindowClosing>().AsNoTracking().SingleOrDefaultAsync(c => c.WindowId == windowId && c.Date == today, token) is { } done)
            {
                return new CloseWindowResult(true, done.ExtendedHoursId, []);
            }

            var pending = await PendingAsync(db, window, today, token);
            var extended = await OpenExtendedHoursAsync(db, window, today, token);
            if (pending.Count > 0 && extended is null)
            {
                await TellLeadAsync(db, window, pending, actor, now, today, token);
                return new CloseWindowResult(false, null, [.. pending.Select(t => t.Number)]);
            }

            foreach (var ticket in pending.Where(t => t.State == TicketWorkflow.Waiting))
            {
                ticket.KeepAt(window.Id);
            }

            db.Add(new WindowClosing(window.Id, today, actor.Id, extended, now));

            // No ticket moves, but the hall's waiting lists do: the window takes no more of its items' tickets.
            db.MarkChanged(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(window.HallId));
            return new CloseWindowResult(true, extended, [.. pending.Select(t => t.Number)]);
        }, ct);
    }

    /// <summary>The tickets only this window can finish today, tracked (a close under 延时 keeps them here).</summary>
    private static async Task<List<Ticket>> PendingAsync(EngineDbContext db, ServiceWindow window, DateOnly today, CancellationToken ct)
    {
        // Items no other window still open today serves: their waiting tickets have nowhere else to go.
        var soleItems = await db.Set<ServiceItem>()
            .Where(i => i.Windows.Any(w => w.Id == window.Id)
                && !i.Windows.Any(w => w.Id != window.Id && !db.Set<WindowClosing>().Any(c => c.WindowId == w.Id && c.Date == today)))
            .Select(i => i.Id)
            .ToListAsync(ct);
        var soleQueues = soleItems.Select(Ticket.ItemQueue).ToList();
        var own = Ticket.WindowQueue(window.Id);
        return await db.Set<Ticket>()
            .Where(t => t.HallId == window.HallId && t.Date == today
                && (((t.State == TicketWorkflow.Called || t.State == TicketWorkflow.Serving) && t.WindowId == window.Id)
                    || (t.State == TicketWorkflow.Waiting && (t.Queue == own || soleQueues.Contains(t.Queue)))))
            .OrderBy(t => t.IssuedAt)
            .ToListAsync(ct);
    }

    /// <summary>An extended-hours service registered for the window today and not yet ended or withdrawn.</summary>
    private static async Task<Guid?> OpenExtendedHoursAsync(EngineDbContext db, ServiceWindow window, DateOnly today, CancellationToken ct)
    {
        var from = ChinaTime.At(today, TimeOnly.MinValue).ToUniversalTime();
        var to = from.AddDays(1);
        return await db.Instances.AsNoTracking()
            .Where(i => i.DefinitionName == ExtendedHoursWorkflow.Name && i.OrgUnit == window.OrgUnit && i.CreatedAt >= from && i.CreatedAt < to
                && (i.State == ExtendedHoursWorkflow.Registered || i.State == ExtendedHoursWorkflow.Overdue))
            .OrderBy(i => i.CreatedAt)
            .Select(i => (Guid?)i.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>One email to the hall lead per window and day, however many refusals follow the first.</summary>
    private static Task<bool> TellLeadAsync(EngineDbContext db, ServiceWindow window, List<Ticket> pending, Actor actor, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var hall = window.Hall!;
        var numbers = string.Join("、", pending.Select(t => t.Number));
        var model = JsonSerializer.Serialize(
            new NotificationModel(Guid.Empty, "窗口排队", $"{window.Code} {window.Name} 闭窗", "未闭窗", actor.Name, null, now, null,
                new { Window = $"{window.Code} {window.Name}", Tickets = numbers, Count = pending.Count, Date = today }),
            WorkflowInstance.DataJson);
        var message = new OutboxMessage(Guid.CreateVersion7(now), null, RefusedTemplate, new Recipient(hall.LeadName, hall.LeadEmail), model, now,
            dedupeKey: $"{RefusedTemplate}:{window.Id}:{today:yyyy-MM-dd}");
        return db.AddOutboxOnceAsync(message, ct);
    }
}
