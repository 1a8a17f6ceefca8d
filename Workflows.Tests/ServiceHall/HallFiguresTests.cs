using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.ServiceHall;

public sealed class HallFiguresDatabase() : TestDatabase("figures");

/// <summary>
/// The lead's figures (运行数据) after a day worked through the real handlers on real PostgreSQL,
/// the clock moved and the timers pumped: served, returned, transferred, set aside by staff and by
/// the timer, rejoined, booked and checked in, a no-show, closed at the day's end. Every figure is
/// compared with what the ticket rows add up to, and a few with the numbers worked out by hand.
/// </summary>
public sealed class HallFiguresTests(HallFiguresDatabase database) : IClassFixture<HallFiguresDatabase>
{
    private static readonly DateOnly Friday = new(2026, 11, 20);

    /// <summary>The clock starts on Thursday, the day before: it only moves forward.</summary>
    private readonly RuntimeHarness _h = new(database, ChinaTime.At(Friday.AddDays(-1), new TimeOnly(9, 0)), TicketWorkflow.Definition, AppointmentWorkflow.Create(new AppointmentOptions()), RatingInvitationWorkflow.Definition);

    private IssueTicketHandler Issue => new(_h.Runtime, Options.Create(new QueueOptions()));

    private CallNextHandler Call => new(_h.Runtime);

    private ServeTicketHandler Serve => new(_h.Runtime, new RatingInvitations(_h.Runtime, Options.Create(new RatingOptions())), Options.Create(new QueueOptions()));

    private HallFiguresQueries Figures => new(database.Factory, _h.Clock);

    private void At(DateOnly day, int hour, int minute) => _h.Clock.SetUtcNow(ChinaTime.At(day, new TimeOnly(hour, minute)).ToUniversalTime());

    private void At(int hour, int minute) => At(Friday, hour, minute);

    /// <summary>A hall whose 商品房合同备案 is served at A01 and A02, and 契税 at B01, with an 11:00 契税 slot for five.</summary>
    private async Task<(TestHall Hall, ServiceItem Contracts, ServiceItem DeedTax, int Slot)> HallAsync()
    {
        var (hall, contracts, deedTax) = await TestHall.WithItemsAsync(database);
        await using var db = database.CreateContext();
        var session = new AppointmentSession(hall.Hall, deedTax.Id, "工作日契税预约", Friday, new TimeOnly(11, 0), new TimeOnly(12, 0), TimeSpan.FromHours(1), 5, isWorkingDay: true);
        db.Add(session);
        await db.SaveChangesAsync();
        return (hall, contracts, deedTax, session.Slots.Single().Id);
    }

    private Task<TicketView> WalkInAsync(ServiceItem item, TestHall hall) =>
        Issue.HandleAsync(new IssueTicket(item.Id, null, null, null, null), RuntimeHarness.Staff(hall), CancellationToken.None);

    private async Task<TicketView> CallAsync(TestHall hall, int window) => (await Call.HandleAsync(hall.Windows[window].Id, RuntimeHarness.Staff(hall, window), CancellationToken.None))!;

    private Task<TicketView> StepAsync(TicketView ticket, string trigger, TestHall hall, int window) =>
        Serve.StepAsync(new CallStep(ticket.Id, trigger, database.VersionOf(ticket.Id)), RuntimeHarness.Staff(hall, window), CancellationToken.None);

    private Task<TicketView> CompleteAsync(TicketView ticket, TestHall hall, int window) =>
        Serve.CompleteAsync(new CompleteTicket(ticket.Id, null, database.VersionOf(ticket.Id)), RuntimeHarness.Staff(hall, window), CancellationToken.None);

    private async Task<List<Ticket>> TicketsAsync(int hallId)
    {
        await using var db = database.CreateContext();
        return await db.Set<Ticket>().AsNoTracking().Where(t => t.HallId == hallId).ToListAsync();
    }

    /// <summary>What the rows add up to: the figures' definition, written once more over the rows themselves.</summary>
    private static ServiceFigures Expected(IReadOnlyCollection<Ticket> tickets)
    {
        var served = tickets.Where(t => t.State is TicketWorkflow.Completed or TicketWorkflow.Returned).ToList();
        TimeSpan? Average(Func<Ticket, TimeSpan> of) => served.Count == 0 ? null : TimeSpan.FromTicks((long)served.Average(t => of(t).Ticks));
        return new ServiceFigures(
            served.Count, served.Count(t => t.State == TicketWorkflow.Returned), Average(t => t.WaitingTime), served.Count == 0 ? null : served.Max(t => t.WaitingTime),
            Average(t => t.ServiceTime), tickets.Count(t => t.SetAsideCount > 0), tickets.Sum(t => t.SetAsideCount), tickets.Count(t => t.State == TicketWorkflow.Unserved));
    }

    /// <summary>PostgreSQL averages intervals to the microsecond, .NET to the tick: compared to the millisecond.</summary>
    private static ServiceFigures Rounded(ServiceFigures f) =>
        f with { AverageWait = Milliseconds(f.AverageWait), LongestWait = Milliseconds(f.LongestWait), AverageService = Milliseconds(f.AverageService) };

    private static TimeSpan? Milliseconds(TimeSpan? t) => t is { } s ? TimeSpan.FromMilliseconds(Math.Round(s.TotalMilliseconds)) : null;

    private static double? Seconds(TimeSpan? t) => Milliseconds(t)?.TotalSeconds;

    private static void AssertAddsUp(HallFigures figures, TestHall hall, IReadOnlyList<Ticket> rows)
    {
        Assert.Equal(hall.Windows.OrderBy(w => w.Code, StringComparer.Ordinal).Select(w => w.Id), figures.Windows.Select(w => w.WindowId));
        foreach (var window in figures.Windows)
        {
            Assert.Equal(Rounded(Expected([.. rows.Where(t => t.WindowId == window.WindowId)])), Rounded(window.Figures));
        }

        foreach (var item in figures.Items)
        {
            var ofItem = rows.Where(t => t.ItemId == item.ItemId).ToList();
            Assert.Equal((ofItem.Count, Rounded(Expected(ofItem))), (item.Issued, Rounded(item.Figures)));
        }

        Assert.Equal((rows.Count, Rounded(Expected(rows))), (figures.Total.Issued, Rounded(figures.Total.Figures)));
        Assert.Equal((figures.Items.Sum(i => i.Kept), figures.Items.Sum(i => i.Missed)), (figures.Total.Kept, figures.Total.Missed));

        int HourOf(DateTimeOffset at) => ChinaTime.ToLocal(at).Hour;
        var served = rows.Where(t => t.State is TicketWorkflow.Completed or TicketWorkflow.Returned).ToList();
        foreach (var hour in figures.Hours)
        {
            var servedThen = served.Where(t => HourOf(t.FinishedAt!.Value) == hour.Hour).ToList();
            TimeSpan? wait = servedThen.Count == 0 ? null : TimeSpan.FromTicks((long)servedThen.Average(t => t.WaitingTime.Ticks));
            Assert.Equal((rows.Count(t => HourOf(t.IssuedAt) == hour.Hour), servedThen.Count), (hour.Issued, hour.Served));
            Assert.Equal(Seconds(wait), Seconds(hour.AverageWait));
        }

        Assert.Equal(rows.Count, figures.Hours.Sum(h => h.Issued));
        Assert.Equal(served.Count, figures.Hours.Sum(h => h.Served));
    }

    [Fact]
    public async Task A_days_figures_per_window_item_and_hour_add_up_to_its_tickets_and_the_month_adds_the_days_before()
    {
        var (hall, contracts, deedTax, slot) = await HallAsync();
        var (other, otherItem, _, _) = await HallAsync();
        var (a01, a02, b01) = (0, 1, 2);

        // Thursday: one ticket, served at A01; the month counts it, today does not.
        At(Friday.AddDays(-1), 10, 0);
        var thursday = await WalkInAsync(contracts, hall);
        At(Friday.AddDays(-1), 10, 5);
        await CallAsync(hall, a01);
        At(Friday.AddDays(-1), 10, 20);
        await CompleteAsync(thursday, hall, a01);

        // Friday 08:00: two people book the 11:00 契税 slot; one comes, one does not.
        At(8, 0);
        var book = new BookAppointmentHandler(_h.Runtime, Options.Create(new AppointmentOptions()));
        var comes = await book.HandleAsync(new BookAppointment(deedTax.Id, slot, "预约人甲", TestPeople.Phone(1501), TestPeople.IdNumber(1501), "a@test.gov.cn"), CancellationToken.None);
        await book.HandleAsync(new BookAppointment(deedTax.Id, slot, "预约人乙", TestPeople.Phone(1502), TestPeople.IdNumber(1502), "b@test.gov.cn"), CancellationToken.None);

        var walkIns = new List<TicketView>();
        for (var i = 0; i < 6; i++)
        {
            At(9, i);
            walkIns.Add(await WalkInAsync(contracts, hall));
        }

        var (t1, t2, t3, t4, t5, t6) = (walkIns[0], walkIns[1], walkIns[2], walkIns[3], walkIns[4], walkIns[5]);
        At(9, 6);
        var deed = await WalkInAsync(deedTax, hall);
        At(9, 7);
        var elsewhere = await WalkInAsync(otherItem, other);
        await CallAsync(other, a01);
        At(9, 9);
        await CompleteAsync(elsewhere, other, a01);

        At(9, 10);
        Assert.Equal(t1.Id, (await CallAsync(hall, a01)).Id);
        At(9, 11);
        await StepAsync(t1, TicketWorkflow.Arrive, hall, a01);
        At(9, 12);
        Assert.Equal(t2.Id, (await CallAsync(hall, a02)).Id);
        At(9, 13);
        Assert.Equal(deed.Id, (await CallAsync(hall, b01)).Id);
        await StepAsync(deed, TicketWorkflow.Arrive, hall, b01);
        At(9, 20);
        await Serve.ReturnAsync(new ReturnTicket(t2.Id, "材料不全：缺购房合同原件", database.VersionOf(t2.Id)), RuntimeHarness.Staff(hall, a02), CancellationToken.None);
        At(9, 25);
        await CompleteAsync(t1, hall, a01);
        At(9, 26);
        Assert.Equal(t3.Id, (await CallAsync(hall, a01)).Id);
        At(9, 27);
        await StepAsync(t3, TicketWorkflow.Skip, hall, a01);
        At(9, 28);
        Assert.Equal(t4.Id, (await CallAsync(hall, a01)).Id);
        At(9, 29);
        await StepAsync(t4, TicketWorkflow.Arrive, hall, a01);
        At(9, 30);
        await CompleteAsync(deed, hall, b01);
        At(9, 35);
        await Serve.TransferAsync(new TransferTicket(t4.Id, hall.Windows[b01].Id, "须先缴契税", database.VersionOf(t4.Id)), RuntimeHarness.Staff(hall, a01), CancellationToken.None);
        At(9, 40);
        await StepAsync(t3, TicketWorkflow.Rejoin, hall, a01);
        At(9, 45);
        Assert.Equal(t4.Id, (await CallAsync(hall, b01)).Id);
        await StepAsync(t4, TicketWorkflow.Arrive, hall, b01);
        At(9, 55);
        await CompleteAsync(t4, hall, b01);

        // A02 calls t5, who never comes: the timer sets it aside when it is next pumped.
        At(10, 0);
        Assert.Equal(t5.Id, (await CallAsync(hall, a02)).Id);
        At(10, 5);
        Assert.Equal(t6.Id, (await CallAsync(hall, a01)).Id);
        await StepAsync(t6, TicketWorkflow.Arrive, hall, a01);
        At(10, 15);
        await CompleteAsync(t6, hall, a01);
        var booked = await new CheckInHandler(_h.Runtime, Options.Create(new QueueOptions()), Options.Create(new AppointmentOptions()))
            .HandleAsync(new CheckIn(comes.Reference, TestPeople.Phone(1501)), CancellationToken.None);
        At(10, 16);
        Assert.Equal(t3.Id, (await CallAsync(hall, a01)).Id);
        await StepAsync(t3, TicketWorkflow.Arrive, hall, a01);
        At(10, 30);
        await CompleteAsync(t3, hall, a01);
        At(11, 0);
        Assert.Equal(booked.Id, (await CallAsync(hall, b01)).Id);
        await StepAsync(booked, TicketWorkflow.Arrive, hall, b01);
        At(11, 10);
        await CompleteAsync(booked, hall, b01);
        At(11, 16);
        await _h.PumpAllAsync();
        At(11, 20);
        var neverCalled = await WalkInAsync(contracts, hall);
        At(21, 0);
        await new EndQueueDay(_h.Runtime, Options.Create(new QueueOptions())).RunAsync(CancellationToken.None);

        var lead = RuntimeHarness.Lead(hall);
        var today = await Figures.FiguresAsync(hall.Hall.Id, null, lead, CancellationToken.None);
        var month = await Figures.FiguresAsync(hall.Hall.Id, FiguresPeriod.ThisMonth, lead, CancellationToken.None);

        var rows = await TicketsAsync(hall.Hall.Id);
        Assert.Equal((TicketWorkflow.Unserved, 1), await StateOfAsync(t5.Id));
        AssertAddsUp(today!, hall, [.. rows.Where(t => t.Date == Friday)]);
        AssertAddsUp(month!, hall, rows);
        Assert.Equal((FiguresPeriod.Today, "今日（2026-11-20）", Friday, Friday), (today!.Period, today.PeriodName, today.From, today.To));
        Assert.Equal(("2026-11", "2026年11月", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), (month!.Period, month.PeriodName, month.From, month.To));

        // Worked out by hand: t1 t2 t4 t6 t3 served of 商品房合同备案, the walk-in and the booked one of 契税.
        Assert.Equal((9, 7, 1, 2, 2, 2), (today.Total.Issued, today.Total.Figures.Served, today.Total.Figures.Returned, today.Total.Figures.SetAsideTickets, today.Total.Figures.SetAsides, today.Total.Figures.Unserved));
        Assert.Equal((10, 8), (month.Total.Issued, month.Total.Figures.Served));
        static TimeSpan Minutes(double m) => TimeSpan.FromMinutes(m);
        Assert.Equal(new ServiceFigures(1, 1, Minutes(11), Minutes(11), Minutes(8), 1, 1, 1), today.Windows.Single(w => w.WindowId == hall.Windows[a02].Id).Figures);
        Assert.Equal(Rounded(new ServiceFigures(3, 0, Minutes(29), Minutes(45), Minutes(43.0 / 3), 0, 0, 0)), Rounded(today.Windows.Single(w => w.WindowId == hall.Windows[b01].Id).Figures));
        var a01Line = today.Windows.Single(w => w.WindowId == hall.Windows[a01].Id).Figures;
        Assert.Equal((3, 1, 1, 0), (a01Line.Served, a01Line.SetAsideTickets, a01Line.SetAsides, a01Line.Unserved));
        var deedTaxLine = today.Items.Single(i => i.ItemId == deedTax.Id);
        Assert.Equal((2, 2, 1, 1, 0.5), (deedTaxLine.Issued, deedTaxLine.Figures.Served, deedTaxLine.Kept, deedTaxLine.Missed, deedTaxLine.KeptShare));
        Assert.Equal((0, 0, (double?)null), (today.Items.Single(i => i.ItemId == contracts.Id).Kept, today.Items.Single(i => i.ItemId == contracts.Id).Missed, today.Items.Single(i => i.ItemId == contracts.Id).KeptShare));
        Assert.Equal((1, 1, 0.5), (today.Total.Kept, today.Total.Missed, today.Total.KeptShare));
        Assert.Equal(("", "全厅合计", 0), (today.Total.Code, today.Total.Name, today.Total.ItemId));

        // The curve runs over the hall's hours (09:00–17:00): 09 h seven issued and four served, 10 h one and two, 11 h one and one.
        Assert.Equal(Enumerable.Range(9, 8), today.Hours.Select(h => h.Hour));
        Assert.Equal([(7, 4), (1, 2), (1, 1), (0, 0)], today.Hours.Take(4).Select(h => (h.Issued, h.Served)));
        Assert.Null(today.Hours[^1].AverageWait);
        Assert.Equal(TicketWorkflow.Unserved, (await StateOfAsync(neverCalled.Id)).State);
    }

    [Fact]
    public async Task Another_halls_lead_and_an_unknown_hall_find_nothing_staff_are_refused_and_a_bad_period_names_its_field()
    {
        var (hall, _, _, _) = await HallAsync();
        var (other, _, _, _) = await HallAsync();
        var lead = RuntimeHarness.Lead(hall);
        var admin = new Actor("admin", "管理员", Roles.Admin, "");
        var ct = CancellationToken.None;

        Assert.Null(await Figures.FiguresAsync(hall.Hall.Id, null, RuntimeHarness.Lead(other), ct));
        Assert.Null(await Figures.FiguresAsync(999_999, null, admin, ct));
        Assert.Equal(hall.Hall.Name, (await Figures.FiguresAsync(hall.Hall.Id, FiguresPeriod.ThisMonth, admin, ct))!.HallName);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Figures.FiguresAsync(hall.Hall.Id, null, RuntimeHarness.Staff(hall), ct));

        // Thursday 19 November: December is still to come.
        foreach (var bad in new[] { "week", "2026-13", "2026-12", "2026-11-19", " month" })
        {
            var invalid = await Assert.ThrowsAsync<RequestValidationException>(() => Figures.FiguresAsync(hall.Hall.Id, bad, lead, ct));
            Assert.Equal(["period"], invalid.Errors.Keys);
        }

        Assert.Equal(["hallId"], (await Assert.ThrowsAsync<RequestValidationException>(() => Figures.FiguresAsync(0, null, lead, ct))).Errors.Keys);
        var october = await Figures.FiguresAsync(hall.Hall.Id, "2026-10", lead, ct);
        Assert.Equal(("2026-10", new DateOnly(2026, 10, 31), 0, 3), (october!.Period, october.To, october.Total.Issued, october.Windows.Count));
        Assert.All(october.Hours, h => Assert.Equal((0, 0, (TimeSpan?)null), (h.Issued, h.Served, h.AverageWait)));
    }

    private async Task<(string State, int SetAsideCount)> StateOfAsync(Guid id)
    {
        await using var db = database.CreateContext();
        var t = await db.Set<Ticket>().AsNoTracking().SingleAsync(x => x.Id == id);
        return (t.State, t.SetAsideCount);
    }
}
