using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>What a new ticket is for: the item, the person and, when booked, the booking.</summary>
internal sealed record TicketRequest(ServiceItem Item, TicketKind Kind, Person Person, string? PersonKey, Guid? BookingId = null, string? BookingReference = null, DateTimeOffset? SlotStartsAt = null);

/// <summary>Issues a ticket inside the caller's transaction: its matter's trip, its number, its instance.</summary>
internal static class TicketIssuer
{
    public static async Task<(Ticket Ticket, WorkflowInstance Instance)> IssueAsync(WorkflowRuntime runtime, EngineDbContext db, TicketRequest request, QueueOptions options, Actor actor, CancellationToken ct)
    {
        var (item, now) = (request.Item, runtime.Now);
        var today = ChinaTime.DateOf(now);
        var open = await db.Set<ServiceWindow>()
            .AnyAsync(w => db.Set<ServiceItem>().Any(i => i.Id == item.Id && i.Windows.Any(x => x.Id == w.Id))
                && !db.Set<WindowClosing>().Any(c => c.WindowId == w.Id && c.Date == today), ct);
        if (!open)
        {
            throw new RuleViolationException("该事项今日已停止取号", $"办理“{item.Name}”的窗口今日均已闭窗");
        }

        var matter = await NextTripAsync(db, item, request.PersonKey, now, ct);
        if (matter.Trips > 1 && await db.Set<Ticket>().AnyAsync(t => t.MatterId == matter.Id && TicketWorkflow.Open.Contains(t.State), ct))
        {
            throw new RuleViolationException("已有排队中的号", $"您办理“{item.Name}”的号尚未办结，无需重复取号");
        }

        var prefix = request.Kind == TicketKind.Booked ? "B" : "A";
        var number = $"{prefix}{await NextNumberAsync(db, item.HallId, today, prefix, ct):000}";
        var hallName = await db.Set<Hall>().Where(h => h.Id == item.HallId).Select(h => h.Name).SingleAsync(ct);
        var person = request.Person;
        var data = new TicketData(item.HallId, hallName, number, request.Kind, item.Id, item.Name, request.BookingReference, person.Name, person.Email, options.NoShowAfter);
        var instance = await runtime.StartAsync(db, TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(item.HallId, item.Id), $"{number} {item.Name}", data, actor, ct);
        var ticket = new Ticket(item.HallId, today, number, request.Kind, item.Id, request.BookingId, request.SlotStartsAt, matter, person, now).BelongingTo(instance.Id);
        db.Add(ticket);
        return (ticket, instance);
    }

    /// <summary>
    /// The person's open matter for the item with one more trip, or a new one. One statement: the
    /// row lock it takes queues two tickets of the same person racing each other.
    /// </summary>
    private static async Task<Matter> NextTripAsync(EngineDbContext db, ServiceItem item, string? personKey, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Set<Matter>().FromSql($"""
            INSERT INTO queue.matters (id, hall_id, item_id, person_key, trips, opened_at)
            VALUES ({Guid.CreateVersion7(now)}, {item.HallId}, {item.Id}, {personKey}, 1, {now.ToUniversalTime()})
            ON CONFLICT (item_id, person_key) WHERE completed_at IS NULL AND person_key IS NOT NULL
            DO UPDATE SET trips = matters.trips + 1
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        return rows[0];
    }

    /// <summary>The next number of the hall's day for the prefix; the counter row's lock keeps numbers unique and gapless per commit order.</summary>
    private static async Task<int> NextNumberAsync(EngineDbContext db, int hallId, DateOnly date, string prefix, CancellationToken ct)
    {
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO queue.ticket_counters (hall_id, date, prefix, last) VALUES ({hallId}, {date}, {prefix}, 1)
            ON CONFLICT (hall_id, date, prefix) DO UPDATE SET last = ticket_counters.last + 1
            RETURNING last AS "Value"
            """).ToListAsync(ct);
        return numbers[0];
    }
}
