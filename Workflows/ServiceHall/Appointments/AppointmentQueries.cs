using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Privacy;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Appointments;

public sealed record SlotView(int Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int Remaining);

/// <summary>A session as a citizen choosing a time sees it; weekend and holiday sessions are marked special (专场).</summary>
public sealed record SessionView(int Id, string Name, int ItemId, string ItemName, DateOnly Date, string Weekday, bool IsSpecial, IReadOnlyList<SlotView> Slots);

/// <summary>
/// A booking as its holder sees it; <paramref name="HallId"/> and <paramref name="ItemId"/> let them find other slots to move to;
/// <paramref name="TicketNumber"/> is the queue ticket once checked in (签到取号), with its state.
/// </summary>
public sealed record BookingView(
    string Reference, string State, string StateName, string Name, string Phone, string IdNumber, string ItemName, string SessionName,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int HallId, int ItemId, string? TicketNumber = null, string? TicketStateName = null);

public sealed class AppointmentQueries(IDbContextFactory<WorkflowDbContext> dbFactory, WorkflowRegistry registry)
{
    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    /// <summary>星期一 for Monday: how a session's day is written.</summary>
    public static string WeekdayName(DayOfWeek day) => Weekdays[(int)day];

    /// <summary>Sessions of a hall from <paramref name="from"/> to <paramref name="to"/> (China dates), optionally of one item.</summary>
    public async Task<IReadOnlyList<SessionView>> SessionsAsync(int hallId, int? itemId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sessions = await db.Set<AppointmentSession>().AsNoTracking()
            .Where(s => s.HallId == hallId && s.Date >= from && s.Date <= to && (itemId == null || s.ItemId == itemId))
            .OrderBy(s => s.Date).ThenBy(s => s.Opens)
            .Select(s => new
            {
                s.Id, s.Name, s.ItemId, s.Date, s.IsSpecial,
                ItemName = db.Set<ServiceItem>().Where(i => i.Id == s.ItemId).Select(i => i.Name).Single(),
                Slots = s.Slots.OrderBy(x => x.StartsAt).Select(x => new SlotView(x.Id, x.StartsAt, x.EndsAt, x.Capacity, x.Capacity - x.Booked)).ToList(),
            })
            .ToListAsync(ct);
        return [.. sessions.Select(s => new SessionView(
            s.Id, s.Name, s.ItemId, s.ItemName, s.Date, WeekdayName(s.Date.DayOfWeek), s.IsSpecial,
            [.. s.Slots.Select(x => x with { StartsAt = ChinaTime.ToLocal(x.StartsAt), EndsAt = ChinaTime.ToLocal(x.EndsAt) })]))];
    }

    /// <summary>One slot with its session, as the booking form shows it; null if there is no such slot.</summary>
    public async Task<(SessionView Session, SlotView Slot)?> SlotAsync(int slotId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.Set<AppointmentSlot>().AsNoTracking().Where(s => s.Id == slotId)
            .Select(s => new { s.Session!.HallId, s.Session.ItemId, s.Session.Date })
            .SingleOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }

        var session = (await SessionsAsync(key.HallId, key.ItemId, key.Date, key.Date, ct)).First(s => s.Slots.Any(x => x.Id == slotId));
        return (session, session.Slots.Single(x => x.Id == slotId));
    }

    /// <summary>A booking by its reference, for whoever holds the reference and the phone number; personal data masked.</summary>
    public async Task<BookingView?> BookingAsync(string reference, string phone, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = reference.Trim().ToUpperInvariant();
        var booking = await db.Set<Booking>().AsNoTracking().SingleOrDefaultAsync(b => b.Reference == key && b.Phone == phone, ct);
        if (booking is null)
        {
            return null;
        }

        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == booking.Id, ct);
        var data = instance.GetData<AppointmentData>();
        var ticket = await db.Set<Queue.Ticket>().AsNoTracking().Where(t => t.BookingId == booking.Id).OrderByDescending(t => t.IssuedAt)
            .Select(t => new { t.Number, t.State }).FirstOrDefaultAsync(ct);
        return new BookingView(
            booking.Reference, instance.State, registry.For(instance).States[instance.State].DisplayName, booking.Name,
            PersonalData.MaskPhone(booking.Phone), PersonalData.MaskIdNumber(booking.IdNumber), data.ItemName, data.SessionName,
            ChinaTime.ToLocal(booking.StartsAt), ChinaTime.ToLocal(data.EndsAt), booking.HallId, booking.ItemId,
            ticket?.Number, ticket is null ? null : Queue.TicketWorkflow.Definition.States[ticket.State].DisplayName);
    }
}
