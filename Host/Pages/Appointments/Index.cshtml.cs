using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// 预约办事: each item of the hall with its 办事指南 and a day picker over the next two weeks
/// (only days with a session, weekend and holiday 专场 marked, places left shown); the chosen
/// day's sessions offer their slots. Without a day chosen, an item shows its first day with places.
/// </summary>
public sealed class IndexModel(CatalogueQueries catalogue, AppointmentQueries queries, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    /// <summary>How far ahead the days are offered: today and the next two weeks.</summary>
    public const int DaysAhead = 14;

    /// <summary>A day an item has sessions on: its places still bookable (slots not begun), and whether a 专场 is among them.</summary>
    public sealed record Day(DateOnly Date, string Weekday, bool IsSpecial, int Remaining, bool Begun);

    [BindProperty(SupportsGet = true)]
    public int? HallId { get; set; }

    /// <summary>The item whose day was chosen, with <see cref="Date"/>.</summary>
    [BindProperty(SupportsGet = true)]
    public int? ItemId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    public IReadOnlyList<HallSummary> Halls { get; private set; } = [];

    public IReadOnlyList<ItemSummary> Items { get; private set; } = [];

    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>The chosen hall's weekly hours with its coming 专场, as the citizen reads them before choosing.</summary>
    public Shared.HallHours? Hours { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Halls = await catalogue.HallsAsync(ct);
        HallId ??= Halls.FirstOrDefault()?.Id;
        Now = clock.GetUtcNow();
        if (HallId is { } hallId && await catalogue.HallAsync(hallId, ct) is { } hall)
        {
            var today = ChinaTime.DateOf(Now);
            Items = hall.Items;
            Sessions = await queries.SessionsAsync(hallId, null, today, today.AddDays(DaysAhead), ct);
            Hours = new Shared.HallHours(hall.Hours, Sessions);
        }
    }

    /// <summary>Whether a slot can still be booked here: places left, and not begun.</summary>
    public bool Open(SlotView slot) => slot.Remaining > 0 && slot.StartsAt > Now;

    /// <summary>The days <paramref name="itemId"/> has sessions on, in order.</summary>
    public IReadOnlyList<Day> DaysOf(int itemId) =>
        [.. Sessions.Where(s => s.ItemId == itemId).GroupBy(s => s.Date).Select(g => new Day(
            g.Key, g.First().Weekday, g.Any(s => s.IsSpecial),
            g.SelectMany(s => s.Slots).Where(Open).Sum(x => x.Remaining),
            g.SelectMany(s => s.Slots).All(x => x.StartsAt <= Now)))];

    /// <summary>The day shown for an item: the one chosen for it, else its first day with places, else its first day.</summary>
    public DateOnly? ShownDay(int itemId, IReadOnlyList<Day> days) =>
        days.FirstOrDefault(d => ItemId == itemId && d.Date == Date)?.Date ?? days.FirstOrDefault(d => d.Remaining > 0)?.Date ?? days.FirstOrDefault()?.Date;

    public IEnumerable<SessionView> SessionsOn(int itemId, DateOnly? date) => Sessions.Where(s => s.ItemId == itemId && s.Date == date);

    /// <summary>周日 for 星期日: how a day is written where room is short.</summary>
    public static string Short(string weekday) => weekday.Replace("星期", "周", StringComparison.Ordinal);

    /// <summary>周六/周日 for a weekend session, 节假日 for a special one on a weekday (a holiday).</summary>
    public static string SpecialBadge(SessionView session) =>
        session.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? Short(session.Weekday) : "节假日";
}
