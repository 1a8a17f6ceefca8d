using System.Linq.Expressions;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// A window's screen: the ticket it has called or is serving, who waits for it in the order call
/// next takes them, and the tickets it set aside today (过号), to rejoin when their holders come back.
/// <paramref name="Items"/>: the items it serves, as the catalogue maps them; their queues and its own are its queue.
/// </summary>
public sealed record WindowQueueView(int WindowId, string Code, string Name, bool ClosedToday, IReadOnlyList<int> Items, IReadOnlyList<TicketView> Serving, IReadOnlyList<TicketView> Waiting, IReadOnlyList<TicketView> SetAside);

/// <summary>一人一窗一次, counted: matters completed in a date range, per item and per window.</summary>
public sealed record TripStats(DateOnly From, DateOnly To, int Completed, int MultiTrip, IReadOnlyList<ItemTrips> Items, IReadOnlyList<WindowTrips> Windows);

/// <summary><paramref name="MultiTrip"/>: completed after more than one trip (a finding); <paramref name="Trips"/>: all trips of the completed matters.</summary>
public sealed record ItemTrips(int ItemId, string ItemName, int Completed, int MultiTrip, int Trips);

/// <summary>Per window: matters it completed, tickets it returned (退回), and its average waiting and service times.</summary>
public sealed record WindowTrips(int WindowId, string Code, string Name, int Completed, int MultiTrip, int Returned, TimeSpan AverageWaiting, TimeSpan AverageService);

public sealed class QueueQueries(IDbContextFactory<WorkflowDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, IOptions<QueueOptions> options)
{
    /// <summary>The window's queue, or throws <see cref="UnauthorizedAccessException"/> for a window outside the actor's scope. Phone and ID numbers masked.</summary>
    public async Task<WindowQueueView> WindowAsync(int windowId, Actor actor, CancellationToken ct) =>
        (await QueuesAsync(w => w.Id == windowId, actor, ct)).SingleOrDefault() ?? throw QueueAccess.OutOfReach();

    /// <summary>
    /// The queue of every window of the hall, by window code, in two round trips however many
    /// windows it has: the lead's page shows them all at each change of the hall. Throws
    /// <see cref="UnauthorizedAccessException"/> if one is outside the actor's scope.
    /// </summary>
    public Task<IReadOnlyList<WindowQueueView>> HallWindowsAsync(int hallId, Actor actor, CancellationToken ct) =>
        QueuesAsync(w => w.HallId == hallId, actor, ct);

    private async Task<IReadOnlyList<WindowQueueView>> QueuesAsync(Expression<Func<ServiceWindow, bool>> which, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);

        // The windows, whether each closed today and the items it serves (as mapped in the catalogue)
        // in one round trip, then their tickets in one more: every window page's and lead page's live
        // refresh reads this.
        var found = await db.Set<ServiceWindow>().AsNoTracking()
            .Where(which)
            .OrderBy(w => w.Code)
            .Select(w => new
            {
                Window = w,
                Closed = db.Set<WindowClosing>().Any(c => c.WindowId == w.Id && c.Date == today),
                Items = db.Set<ServiceItem>().Where(i => i.Windows.Any(x => x.Id == w.Id)).Select(i => i.Id).ToList(),
            })
            .ToListAsync(ct);
        if (found.Count == 0)
        {
            return [];
        }

        found.ForEach(f => QueueAccess.DemandWindow(actor, f.Window));
        var hallId = found[0].Window.HallId;
        var queuesOf = found.ToDictionary(f => f.Window.Id, f => new HashSet<string>([Ticket.WindowQueue(f.Window.Id), .. f.Closed ? [] : f.Items.Select(Ticket.ItemQueue)]));
        int?[] windowIds = [.. queuesOf.Keys.Select(id => (int?)id)];
        string[] queues = [.. queuesOf.Values.SelectMany(q => q).Distinct()];
        var limit = options.Value.QueueViewLimit;

        // The hall's items and windows joined once, not looked up per row; the day's set-aside tickets
        // through the hall's (hall, date) index rather than the whole date range of every hall.
        var rows = await (
            from t in db.Set<Ticket>().AsNoTracking()
            where ((t.State == TicketWorkflow.Called || t.State == TicketWorkflow.Serving || (t.State == TicketWorkflow.SetAside && t.HallId == hallId && t.Date == today)) && windowIds.Contains(t.WindowId))
                || (t.State == TicketWorkflow.Waiting && queues.Contains(t.Queue))
            join item in db.Set<ServiceItem>().Where(i => i.HallId == hallId) on t.ItemId equals item.Id
            join sender in db.Set<ServiceWindow>().Where(w => w.HallId == hallId) on t.TransferredFromWindowId equals sender.Id into senders
            from sender in senders.DefaultIfEmpty()
            orderby t.QueueKey, t.Number
            select new
            {
                Ticket = t,
                Version = db.Instances.Where(i => i.Id == t.Id).Select(i => i.Version).Single(),
                ItemName = item.Name,
                From = sender == null ? null : sender.Code + " " + sender.Name,
            })
            .Take(limit * windowIds.Length) // each window then keeps its own first `limit`
            .ToListAsync(ct);
        var views = rows.Select(r => (r.Ticket, View: TicketView.Of(r.Ticket, r.Version, r.ItemName, r.From))).ToList();

        return [.. found.Select(f => ViewOf(f.Window, f.Closed, f.Items, queuesOf[f.Window.Id], views, limit, now))];
    }

    /// <summary>One window's queue out of its hall's tickets (in queue order): those at or set aside by it, and those waiting in its queues.</summary>
    private static WindowQueueView ViewOf(ServiceWindow window, bool closed, IReadOnlyList<int> items, HashSet<string> queues, List<(Ticket Ticket, TicketView View)> hall, int limit, DateTimeOffset now)
    {
        var mine = hall
            .Where(v => v.Ticket.State == TicketWorkflow.Waiting ? queues.Contains(v.Ticket.Queue) : v.Ticket.WindowId == window.Id)
            .Take(limit)
            .ToList();
        var byId = mine.ToDictionary(v => v.Ticket.Id, v => v.View);
        var waiting = QueuePlace.InCallOrder(mine.Where(v => v.Ticket.State == TicketWorkflow.Waiting).Select(v => new QueuePlace(v.Ticket.Id, v.Ticket.SlotStartsAt, v.Ticket.QueueKey, v.Ticket.Number)), now)
            .Select(p => byId[p.Id]);
        var serving = mine.Where(v => TicketWorkflow.AtWindow.Contains(v.Ticket.State)).Select(v => v.View);
        var setAside = mine.Where(v => v.Ticket.State == TicketWorkflow.SetAside).OrderBy(v => v.Ticket.SetAsideAt).Select(v => v.View);
        return new WindowQueueView(window.Id, window.Code, window.Name, closed, items, [.. serving], [.. waiting], [.. setAside]);
    }

    /// <summary>Trip counts of a hall for matters completed from <paramref name="from"/> to <paramref name="to"/> (China dates, inclusive).</summary>
    public async Task<TripStats> TripsAsync(int hallId, DateOnly from, DateOnly to, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanSee($"hall/{hallId}"))
        {
            throw new UnauthorizedAccessException("只能查看本厅的统计");
        }

        new Validation().Check(to >= from, "to", "须不早于开始日期").Check(to.DayNumber - from.DayNumber <= 366, "to", "最多统计一年").ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var start = ChinaTime.At(from, TimeOnly.MinValue).ToUniversalTime();
        var end = ChinaTime.At(to.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var matters = db.Set<Matter>().Where(m => m.HallId == hallId && m.CompletedAt >= start && m.CompletedAt < end);
        var items = await matters.GroupBy(m => m.ItemId)
            .Select(g => new { ItemId = g.Key, Completed = g.Count(), MultiTrip = g.Count(m => m.Trips > 1), Trips = g.Sum(m => m.Trips) })
            .Join(db.Set<ServiceItem>(), g => g.ItemId, i => i.Id, (g, i) => new { g.ItemId, i.Name, g.Completed, g.MultiTrip, g.Trips })
            .OrderBy(i => i.ItemId)
            .Select(i => new ItemTrips(i.ItemId, i.Name, i.Completed, i.MultiTrip, i.Trips))
            .ToListAsync(ct);
        var byWindow = await matters.GroupBy(m => m.CompletedWindowId!.Value)
            .Select(g => new { WindowId = g.Key, Completed = g.Count(), MultiTrip = g.Count(m => m.Trips > 1) })
            .ToDictionaryAsync(g => g.WindowId, ct);
        var tickets = await db.Set<Ticket>()
            .Where(t => t.HallId == hallId && t.WindowId != null && t.FinishedAt >= start && t.FinishedAt < end)
            .GroupBy(t => t.WindowId!.Value)
            .Select(g => new
            {
                WindowId = g.Key,
                Returned = g.Count(t => t.State == TicketWorkflow.Returned),
                Waiting = EF.Functions.Average(g.Select(t => t.WaitingTime)),
                Service = EF.Functions.Average(g.Select(t => t.ServiceTime)),
            })
            .ToDictionaryAsync(g => g.WindowId, ct);
        var windows = await db.Set<ServiceWindow>().AsNoTracking().Where(w => w.HallId == hallId).OrderBy(w => w.Code).ToListAsync(ct);
        var perWindow = windows
            .Where(w => byWindow.ContainsKey(w.Id) || tickets.ContainsKey(w.Id))
            .Select(w =>
            {
                var m = byWindow.GetValueOrDefault(w.Id);
                var t = tickets.GetValueOrDefault(w.Id);
                return new WindowTrips(
                    w.Id, w.Code, w.Name, m?.Completed ?? 0, m?.MultiTrip ?? 0, t?.Returned ?? 0,
                    t?.Waiting ?? TimeSpan.Zero, t?.Service ?? TimeSpan.Zero);
            })
            .ToList();
        return new TripStats(from, to, items.Sum(i => i.Completed), items.Sum(i => i.MultiTrip), items, perWindow);
    }
}
