using System.Globalization;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// The China dates figures are counted over: <c>today</c>, or a calendar month (<c>month</c> for
/// this one, <c>yyyy-MM</c> for another up to this one). <see cref="Name"/> is how requests and
/// answers write it: <c>today</c> or the month.
/// </summary>
public readonly record struct FiguresPeriod(string Name, DateOnly From, DateOnly To)
{
    public const string Today = "today";

    public const string ThisMonth = "month";

    /// <summary>What a request is told when its period is none of these.</summary>
    public const string FormatHint = "应为 today（今日）、month（本月）或不晚于本月的 yyyy-MM，例如 2026-10";

    public bool IsToday => Name == Today;

    /// <summary>As people read it: 今日（2026-11-20） or 2026年11月.</summary>
    public string Chinese => IsToday ? $"今日（{From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}）" : CalendarMonth.Of(From).Chinese;

    /// <summary>Parses a period as of <paramref name="today"/> (a China date); null and blank are today.</summary>
    public static bool TryParse(string? text, DateOnly today, out FiguresPeriod period)
    {
        if (string.IsNullOrWhiteSpace(text) || text == Today)
        {
            period = new FiguresPeriod(Today, today, today);
            return true;
        }

        var thisMonth = CalendarMonth.Of(today);
        var month = thisMonth;
        var parsed = text == ThisMonth || (CalendarMonth.TryParse(text, out month) && month <= thisMonth);
        period = parsed ? new FiguresPeriod(month.ToString(), month.First, month.First.AddMonths(1).AddDays(-1)) : default;
        return parsed;
    }
}

/// <summary>
/// A line of the figures. <paramref name="Served"/>: tickets completed or returned (办结 + 退回);
/// the waits (issued → called, every wait after a transfer added) and service times are theirs.
/// <paramref name="SetAsideTickets"/> tickets were set aside (过号) <paramref name="SetAsides"/>
/// times in all; <paramref name="Unserved"/> were closed at the day's end (当日未办).
/// </summary>
public sealed record ServiceFigures(
    int Served, int Returned, TimeSpan? AverageWait, TimeSpan? LongestWait, TimeSpan? AverageService, int SetAsideTickets, int SetAsides, int Unserved);

/// <summary>A window's figures: the tickets it finished, or last called or was transferred (its set-asides and unserved included).</summary>
public sealed record WindowFigures(int WindowId, string Code, string Name, ServiceFigures Figures);

/// <summary>
/// An item's figures, or the hall's (<see cref="HallFigures.Total"/>, id 0, 全厅合计):
/// <paramref name="Issued"/> tickets taken, and of the bookings (预约) for its slots in the period,
/// <paramref name="Kept"/> checked in and <paramref name="Missed"/> no-shows (爽约).
/// <paramref name="KeptShare"/>: kept ÷ (kept + missed), null before either.
/// </summary>
public sealed record ItemFigures(int ItemId, string Code, string Name, int Issued, ServiceFigures Figures, int Kept, int Missed, double? KeptShare);

/// <summary>One hour of the day's curve (China time): tickets issued in it, served in it, and the average wait of those served in it.</summary>
public sealed record HourFigures(int Hour, int Issued, int Served, TimeSpan? AverageWait);

/// <summary>
/// 大厅运行数据: a hall's figures for a period (<paramref name="Period"/> as requests write it,
/// <paramref name="PeriodName"/> as people read it), per window and per item with the hall's total, and
/// the curve through the day by hour (over a month, each hour's sum over its days). The hours run
/// over the hall's opening hours and any hour a ticket was issued or served in. Counts only: no one's personal data.
/// </summary>
public sealed record HallFigures(
    int HallId, string HallName, string Period, string PeriodName, DateOnly From, DateOnly To,
    IReadOnlyList<WindowFigures> Windows, IReadOnlyList<ItemFigures> Items, ItemFigures Total, IReadOnlyList<HourFigures> Hours);

/// <summary>The hall lead's live figures (today, a month) of their hall, read from the tickets and the bookings in three round trips.</summary>
public sealed class HallFiguresQueries(IDbContextFactory<WorkflowDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>
    /// The figures, or null when there is no such hall or it is another lead's: out of scope reads
    /// as absent. <paramref name="period"/>: see <see cref="FiguresPeriod"/>.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator.</exception>
    /// <exception cref="RequestValidationException">No hall id, or a period that is none of <see cref="FiguresPeriod"/>'s.</exception>
    public async Task<HallFigures?> FiguresAsync(int hallId, string? period, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var parsed = FiguresPeriod.TryParse(period, ChinaTime.DateOf(clock.GetUtcNow()), out var days);
        new Validation().Check(hallId > 0, "hallId", "必填").Check(parsed, "period", FiguresPeriod.FormatHint).ThrowIfInvalid();
        if (actor.Role is not (Roles.HallLead or Roles.Admin))
        {
            throw new UnauthorizedAccessException("只能查看本服务中心的运行数据");
        }

        if (!actor.CanSee($"hall/{hallId}"))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hall = await db.Set<Hall>().AsNoTracking().Include(h => h.OpeningHours).SingleOrDefaultAsync(h => h.Id == hallId, ct);
        if (hall is null)
        {
            return null;
        }

        var lines = await LinesAsync(db, hallId, days, ct);
        var hours = await HoursAsync(db, hallId, days, ct);
        return new HallFigures(
            hall.Id, hall.Name, days.Name, days.Chinese, days.From, days.To,
            [.. lines.Where(l => l.Line == WindowLine).Select(l => new WindowFigures(l.Id, l.Code, l.Name, l.Figures()))],
            [.. lines.Where(l => l.Line == ItemLine).Select(l => l.Item())],
            lines.Single(l => l.Line == HallLine).Item() with { ItemId = 0, Code = "", Name = "全厅合计" },
            Curve(hall, hours));
    }

    private const int WindowLine = 1;
    private const int ItemLine = 2;
    private const int HallLine = 3;

    /// <summary>
    /// Every window and item of the hall and the hall itself, each with its figures: the tickets of
    /// the period grouped three ways in one pass (by window, by item, all), and the bookings by item
    /// and all. Both read through the (hall, date) indexes.
    /// </summary>
    private static Task<List<LineRow>> LinesAsync(WorkflowDbContext db, int hallId, FiguresPeriod days, CancellationToken ct) => db.Database.SqlQuery<LineRow>($"""
        WITH g AS (
            SELECT GROUPING(t.window_id) = 0 AS per_window, GROUPING(t.item_id) = 0 AS per_item, t.window_id, t.item_id,
                count(*)::int AS issued,
                count(*) FILTER (WHERE t.state IN ('Completed', 'Returned'))::int AS served,
                count(*) FILTER (WHERE t.state = 'Returned')::int AS returned,
                avg(t.waiting_time) FILTER (WHERE t.state IN ('Completed', 'Returned')) AS average_wait,
                max(t.waiting_time) FILTER (WHERE t.state IN ('Completed', 'Returned')) AS longest_wait,
                avg(t.service_time) FILTER (WHERE t.state IN ('Completed', 'Returned')) AS average_service,
                count(*) FILTER (WHERE t.set_aside_count > 0)::int AS set_aside_tickets,
                coalesce(sum(t.set_aside_count), 0)::int AS set_asides,
                count(*) FILTER (WHERE t.state = 'Unserved')::int AS unserved
            FROM queue.tickets t
            WHERE t.hall_id = {hallId} AND t.date BETWEEN {days.From} AND {days.To}
            GROUP BY GROUPING SETS ((t.window_id), (t.item_id), ())
        ), b AS (
            -- Kept: checked in, which issued the booking's ticket that same day; missed: 爽约.
            SELECT GROUPING(b.item_id) = 0 AS per_item, b.item_id,
                count(*) FILTER (WHERE EXISTS (SELECT FROM queue.tickets k WHERE k.hall_id = b.hall_id AND k.date = b.date AND k.booking_id = b.id))::int AS kept,
                count(*) FILTER (WHERE b.no_show_at IS NOT NULL)::int AS missed
            FROM appointments.bookings b
            WHERE b.hall_id = {hallId} AND b.date BETWEEN {days.From} AND {days.To}
            GROUP BY GROUPING SETS ((b.item_id), ())
        )
        SELECT l.line, l.id, l.code, l.name,
            coalesce(g.issued, 0) AS issued, coalesce(g.served, 0) AS served, coalesce(g.returned, 0) AS returned,
            g.average_wait, g.longest_wait, g.average_service,
            coalesce(g.set_aside_tickets, 0) AS set_aside_tickets, coalesce(g.set_asides, 0) AS set_asides, coalesce(g.unserved, 0) AS unserved,
            coalesce(b.kept, 0) AS kept, coalesce(b.missed, 0) AS missed
        FROM (
            SELECT {WindowLine} AS line, w.id, w.code, w.name FROM hall.windows w WHERE w.hall_id = {hallId}
            UNION ALL SELECT {ItemLine}, i.id, i.code, i.name FROM hall.service_items i WHERE i.hall_id = {hallId}
            UNION ALL SELECT {HallLine}, h.id, h.code, h.name FROM hall.halls h WHERE h.id = {hallId}
        ) l
        LEFT JOIN g ON CASE l.line
            WHEN {WindowLine} THEN g.per_window AND g.window_id = l.id
            WHEN {ItemLine} THEN g.per_item AND g.item_id = l.id
            ELSE NOT g.per_window AND NOT g.per_item END
        LEFT JOIN b ON CASE l.line
            WHEN {ItemLine} THEN b.per_item AND b.item_id = l.id
            WHEN {HallLine} THEN NOT b.per_item
            ELSE false END
        ORDER BY l.line, l.code
        """).ToListAsync(ct);

    /// <summary>Per hour of China's wall clock with anything in it: tickets issued then, and served then with their average wait; one pass over the period's tickets.</summary>
    private static Task<List<HourFigures>> HoursAsync(WorkflowDbContext db, int hallId, FiguresPeriod days, CancellationToken ct) => db.Database.SqlQuery<HourFigures>($"""
        SELECT extract(hour FROM (e.at AT TIME ZONE 'UTC') + {ChinaTime.Offset})::int AS hour,
            count(*) FILTER (WHERE e.issued)::int AS issued,
            count(*) FILTER (WHERE NOT e.issued)::int AS served,
            avg(t.waiting_time) FILTER (WHERE NOT e.issued) AS average_wait
        FROM queue.tickets t
        CROSS JOIN LATERAL (VALUES (t.issued_at, true), (CASE WHEN t.state IN ('Completed', 'Returned') THEN t.finished_at END, false)) e(at, issued)
        WHERE t.hall_id = {hallId} AND t.date BETWEEN {days.From} AND {days.To} AND e.at IS NOT NULL
        GROUP BY 1
        ORDER BY 1
        """).ToListAsync(ct);

    /// <summary>Every hour from the earliest opening (or ticket) to the latest closing (or ticket), the quiet ones as zeros.</summary>
    private static List<HourFigures> Curve(Hall hall, List<HourFigures> hours)
    {
        var opening = hall.OpeningHours.Select(h => h.Opens.Hour)
            .Concat(hall.OpeningHours.Select(h => h.Closes.AddMinutes(-1).Hour))
            .Concat(hours.Select(h => h.Hour))
            .ToList();
        if (opening.Count == 0)
        {
            return [];
        }

        var byHour = hours.ToDictionary(h => h.Hour);
        return [.. Enumerable.Range(opening.Min(), opening.Max() - opening.Min() + 1).Select(h => byHour.GetValueOrDefault(h) ?? new HourFigures(h, 0, 0, null))];
    }

    private sealed record LineRow(
        int Line, int Id, string Code, string Name, int Issued, int Served, int Returned, TimeSpan? AverageWait, TimeSpan? LongestWait, TimeSpan? AverageService,
        int SetAsideTickets, int SetAsides, int Unserved, int Kept, int Missed)
    {
        public ServiceFigures Figures() => new(Served, Returned, AverageWait, LongestWait, AverageService, SetAsideTickets, SetAsides, Unserved);

        public ItemFigures Item() => new(Id, Code, Name, Issued, Figures(), Kept, Missed, Kept + Missed == 0 ? null : (double)Kept / (Kept + Missed));
    }
}
