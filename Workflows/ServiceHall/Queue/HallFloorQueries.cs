using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// A ticket as its holder follows it on the phone (the QR on the 取号凭条): where it stands, how
/// many are ahead and about how long until it is called. No personal data.
/// <paramref name="ItemId"/>: its item, whose queue its page watches.
/// <paramref name="ForWindow"/>: it waits for one window alone (转窗口), the one named.
/// </summary>
public sealed record TicketStatus(
    Guid Id, int HallId, string HallName, string Number, int ItemId, string ItemName, string State, string StateName,
    string? WindowCode, string? WindowName, int Ahead, TimeSpan? EstimatedWait, DateTimeOffset IssuedAt, DateTimeOffset? CalledAt, bool ForWindow);

/// <summary>An item as the kiosk and the big screen show it: who waits for it and about how long a newcomer waits.</summary>
public sealed record ItemWaiting(int ItemId, string ItemName, bool Open, int Waiting, TimeSpan? EstimatedWait);

/// <summary>A called number on the big screen: <paramref name="Recalls"/> counts 重呼, so the screen announces it again.</summary>
public sealed record CalledNumber(Guid TicketId, string Number, string WindowCode, string WindowName, DateTimeOffset CalledAt, int Recalls, string State);

/// <summary>叫号大屏: the numbers called now with their windows, the last few called, and the waiting per item.</summary>
public sealed record HallScreen(int HallId, string HallName, IReadOnlyList<CalledNumber> Now, IReadOnlyList<CalledNumber> Recent, IReadOnlyList<ItemWaiting> Items);

/// <summary>
/// The hall floor's public views: the kiosk's items, the big screen, a ticket on the holder's
/// phone. What they show is no one's personal data (numbers, items, windows, counts).
/// </summary>
public sealed class HallFloorQueries(IDbContextFactory<WorkflowDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, IOptions<QueueOptions> options)
{
    /// <summary>How many of the numbers called last the big screen lists.</summary>
    public const int RecentCount = 8;

    /// <summary>The hall's items with their waiting counts and estimates, or null for no such hall.</summary>
    public async Task<IReadOnlyList<ItemWaiting>?> ItemsAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Hall>().AnyAsync(h => h.Id == hallId, ct) ? Waiting(await ItemRowsAsync(db, hallId, ct)) : null;
    }

    public async Task<HallScreen?> ScreenAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hall = await db.Set<Hall>().AsNoTracking().SingleOrDefaultAsync(h => h.Id == hallId, ct);
        if (hall is null)
        {
            return null;
        }

        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var called = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.HallId == hallId && t.Date == today && t.CalledAt != null)
            .OrderByDescending(t => t.CalledAt)
            .Take(RecentCount + 20)
            .Join(db.Set<ServiceWindow>(), t => t.WindowId, w => w.Id, (t, w) => new CalledNumber(t.Id, t.Number, w.Code, w.Name, t.CalledAt!.Value, t.Recalls, t.State))
            .ToListAsync(ct);
        var now = called.Where(c => TicketWorkflow.AtWindow.Contains(c.State)).OrderBy(c => c.WindowCode, StringComparer.Ordinal).ToList();
        var recent = called.Where(c => !TicketWorkflow.AtWindow.Contains(c.State)).Take(RecentCount).ToList();
        return new HallScreen(hall.Id, hall.Name, [.. now.Select(Local)], [.. recent.Select(Local)], Waiting(await ItemRowsAsync(db, hallId, ct)));
    }

    /// <summary>The ticket as its holder sees it, or null if there is none of that id.</summary>
    public async Task<TicketStatus?> TicketAsync(Guid ticketId, CancellationToken ct) =>
        await HallOfAsync(ticketId, ct) is { } hallId && await HallTicketsAsync(hallId, ct) is { } hall ? await TicketAsync(ticketId, hall, ct) : null;

    /// <summary>
    /// The ticket as its holder sees it, drawn from <paramref name="hall"/>, a reading of its hall's
    /// open tickets that every phone page told of the same change may share; a ticket not open in
    /// it (closed, or of another day) is read alone, with nobody counted ahead.
    /// </summary>
    public async Task<TicketStatus?> TicketAsync(Guid ticketId, HallTickets hall, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hall);
        if (hall.StatusOf(ticketId) is { } open)
        {
            return open;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.Id == ticketId && t.HallId == hall.HallId)
            .Select(t => new
            {
                Ticket = new HallTickets.Row(t.Id, t.Number, t.ItemId, t.Queue, t.State, t.WindowId, t.SlotStartsAt, t.QueueKey, t.IssuedAt, t.CalledAt),
                Item = db.Set<ServiceItem>().Where(i => i.Id == t.ItemId).Select(i => i.Name).Single(),
                Window = db.Set<ServiceWindow>().Where(w => w.Id == t.WindowId).Select(w => new { w.Code, w.Name }).SingleOrDefault(),
            })
            .SingleOrDefaultAsync(ct) is { } found
            ? HallTickets.Status(found.Ticket, hall.HallId, hall.HallName, found.Item, found.Window?.Code, found.Window?.Name, 0, null)
            : null;
    }

    /// <summary>The hall a ticket was issued at, or null if there is no such ticket; a ticket never changes hall.</summary>
    public async Task<int?> HallOfAsync(Guid ticketId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Ticket>().Where(t => t.Id == ticketId).Select(t => (int?)t.HallId).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The hall's open tickets of today with its windows and items, read now in four round trips,
    /// whatever the number of phones that follow them; null for no such hall.
    /// </summary>
    public async Task<HallTickets?> HallTicketsAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hallName = await db.Set<Hall>().Where(h => h.Id == hallId).Select(h => h.Name).SingleOrDefaultAsync(ct);
        if (hallName is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var open = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.HallId == hallId && t.Date == today && TicketWorkflow.Open.Contains(t.State))
            .Select(t => new HallTickets.Row(t.Id, t.Number, t.ItemId, t.Queue, t.State, t.WindowId, t.SlotStartsAt, t.QueueKey, t.IssuedAt, t.CalledAt))
            .ToListAsync(ct);
        var windows = await db.Set<ServiceWindow>().AsNoTracking().Where(w => w.HallId == hallId).ToDictionaryAsync(w => w.Id, w => (w.Code, w.Name), ct);
        return new HallTickets(hallId, hallName, now, open, windows, await ItemRowsAsync(db, hallId, ct));
    }

    private static CalledNumber Local(CalledNumber c) => c with { CalledAt = ChinaTime.ToLocal(c.CalledAt) };

    /// <summary>Per item: open today, how many wait, and the wait of one more (all those waiting ahead).</summary>
    private static IReadOnlyList<ItemWaiting> Waiting(IReadOnlyList<ItemRow> rows) =>
        [.. rows.Select(r => new ItemWaiting(r.ItemId, r.ItemName, r.OpenWindows > 0, r.Waiting, Estimate(r.Waiting, r)))];

    /// <summary>
    /// About how long until a ticket with <paramref name="ahead"/> before it is called: the item's
    /// recent service time (the mean of its last <see cref="QueueOptions.EstimateSample"/> tickets
    /// served this week) for each of them, shared by the item's open windows; unknown without any.
    /// </summary>
    internal static TimeSpan? Estimate(int ahead, ItemRow r) =>
        r.RecentService is { } service && r.OpenWindows > 0 ? service * ahead / r.OpenWindows : null;

    /// <summary>Per item of the hall: its windows open today, its waiting count and its recent service time; one round trip.</summary>
    private async Task<List<ItemRow>> ItemRowsAsync(EngineDbContext db, int hallId, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        return await db.Database.SqlQuery<ItemRow>($"""
            SELECT i.id AS item_id, i.name AS item_name,
                (SELECT count(*)::int FROM hall.window_items wi
                 WHERE wi.item_id = i.id AND NOT EXISTS (SELECT FROM queue.window_closings c WHERE c.window_id = wi.window_id AND c.date = {today})) AS open_windows,
                (SELECT count(*)::int FROM queue.tickets t WHERE t.queue = {Ticket.ItemQueuePrefix} || i.id AND t.state = 'Waiting') AS waiting,
                (SELECT avg(s.service_time) FROM (
                     SELECT t.service_time FROM queue.tickets t
                     WHERE t.hall_id = i.hall_id AND t.date > {today.AddDays(-7)} AND t.item_id = i.id AND t.state IN ('Completed', 'Returned')
                     ORDER BY t.finished_at DESC LIMIT {options.Value.EstimateSample}) s) AS recent_service
            FROM hall.service_items i
            WHERE i.hall_id = {hallId}
            ORDER BY i.code
            """).ToListAsync(ct);
    }

    internal sealed record ItemRow(int ItemId, string ItemName, int OpenWindows, int Waiting, TimeSpan? RecentService);
}

/// <summary>A waiting ticket's place: the order call next takes a queue in (<see cref="CallNextHandler"/>).</summary>
internal sealed record QueuePlace(Guid Id, DateTimeOffset? SlotStartsAt, DateTimeOffset QueueKey, string Number)
{
    /// <summary>Booked tickets whose slot has begun, by slot; then everyone by place; at the same instant, by number.</summary>
    public static IEnumerable<QueuePlace> InCallOrder(IEnumerable<QueuePlace> waiting, DateTimeOffset now) => waiting
        .OrderBy(p => p.SlotStartsAt <= now ? 0 : 1)
        .ThenBy(p => p.SlotStartsAt <= now ? p.SlotStartsAt : null)
        .ThenBy(p => p.QueueKey)
        .ThenBy(p => p.Number, StringComparer.Ordinal);
}
