using System.Text.Json;
using Governance.Engine;
using Governance.Notifications;
using Governance.Notifications.Templates;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.ServiceHall;

public sealed class QueueDatabase() : TestDatabase("queue");

/// <summary>窗口排队 on real PostgreSQL: numbering, call order, 50 staff at once, transfer/return/complete, closing time with 延时, trips.</summary>
public sealed class QueueTests(QueueDatabase database) : IClassFixture<QueueDatabase>
{
    /// <summary>Friday 20 November 2026, 08:00 in China: before opening, so an 11:00 slot can still be booked.</summary>
    private static readonly DateTimeOffset FridayEarly = new(2026, 11, 20, 8, 0, 0, TimeSpan.FromHours(8));

    private readonly RuntimeHarness _h = new(database, FridayEarly, TicketWorkflow.Definition, AppointmentWorkflow.Create(new AppointmentOptions()), RatingInvitationWorkflow.Definition);

    private IssueTicketHandler Issue => new(_h.Runtime, Options.Create(new QueueOptions()));

    private CallNextHandler Call => new(_h.Runtime);

    private ServeTicketHandler Serve => new(_h.Runtime, new RatingInvitations(_h.Runtime, Options.Create(new RatingOptions())), Options.Create(new QueueOptions()));

    private CloseWindowHandler Close => new(_h.Runtime);

    private QueueQueries Queries => new(database.Factory, _h.Clock, Options.Create(new QueueOptions()));

    private void At(int hour, int minute) => _h.Clock.SetUtcNow(ChinaTime.At(new DateOnly(2026, 11, 20), new TimeOnly(hour, minute)).ToUniversalTime());

    /// <summary>A hall whose item 商品房合同备案 is served at windows A01 and A02, and 契税 at B01 only.</summary>
    private Task<(TestHall Hall, ServiceItem Shared, ServiceItem DeedTax)> HallAsync() => TestHall.WithItemsAsync(database);

    /// <summary>
    /// A walk-in takes a ticket, and the clock moves on a second: people take tickets one after
    /// another, and with the clock frozen two tickets issued at the same instant would wait in
    /// whatever order the database returns them.
    /// </summary>
    private async Task<TicketView> WalkInAsync(TestHall hall, ServiceItem item, int? person = null, string? email = null)
    {
        var ticket = await Issue.HandleAsync(
            new IssueTicket(item.Id, person is { } n ? $"市民{n}" : null, person is { } p ? TestPeople.Phone(p) : null, person is { } i ? TestPeople.IdNumber(i) : null, email),
            RuntimeHarness.Staff(hall), CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        return ticket;
    }

    private Task<TicketView> CompleteAsync(TicketView ticket, Actor staff) =>
        Serve.CompleteAsync(new CompleteTicket(ticket.Id, null, database.VersionOf(ticket.Id)), staff, CancellationToken.None);

    private static Actor StaffAt(TestHall hall, int window, string id = "s") => RuntimeHarness.Staff(hall, window) with { Id = $"{id}-{hall.Windows[window].Id}" };

    private async Task<IReadOnlyList<string>> TriggersAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Ledger.Where(l => l.InstanceId == id).OrderBy(l => l.Id).Select(l => l.Trigger).ToListAsync();
    }

    [Fact]
    public async Task Numbers_run_per_hall_day_and_kind_and_twenty_issued_at_once_are_all_different()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();
        var (other, otherItem, _) = await HallAsync();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => (await WalkInAsync(hall, shared)).Number)));
        var elsewhere = await WalkInAsync(other, otherItem);
        _h.Clock.Advance(TimeSpan.FromDays(3));
        var monday = await WalkInAsync(hall, shared);

        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"A{n:000}"), numbers.Order(StringComparer.Ordinal));
        Assert.Equal("A001", elsewhere.Number);
        Assert.Equal("A001", monday.Number);
    }

    [Fact]
    public async Task A_booked_ticket_waits_like_a_walk_in_before_its_slot_and_goes_ahead_of_walk_ins_from_its_start()
    {
        var (hall, _, deedTax) = await HallAsync();
        await using (var db = database.CreateContext())
        {
            db.Add(new AppointmentSession(hall.Hall, deedTax.Id, "工作日契税预约", new DateOnly(2026, 11, 20), new TimeOnly(11, 0), new TimeOnly(12, 0), TimeSpan.FromHours(1), 5, isWorkingDay: true));
            await db.SaveChangesAsync();
        }

        var slot = await SlotOfAsync(deedTax.Id);
        var booking = await new BookAppointmentHandler(_h.Runtime, Options.Create(new AppointmentOptions()))
            .HandleAsync(new BookAppointment(deedTax.Id, slot, "预约人", TestPeople.Phone(500), TestPeople.IdNumber(500), "booked@test.gov.cn"), CancellationToken.None);
        var checkIn = new CheckInHandler(_h.Runtime, Options.Create(new QueueOptions()), Options.Create(new AppointmentOptions()));
        At(9, 30);
        var tooEarly = await Assert.ThrowsAsync<RuleViolationException>(() => checkIn.HandleAsync(new CheckIn(booking.Reference, TestPeople.Phone(500)), CancellationToken.None));
        var first = await WalkInAsync(hall, deedTax);
        At(10, 15);
        var booked = await checkIn.HandleAsync(new CheckIn(booking.Reference.ToLowerInvariant(), TestPeople.Phone(500)), CancellationToken.None);
        At(10, 20);
        var second = await WalkInAsync(hall, deedTax);
        var third = await WalkInAsync(hall, deedTax);

        var window = hall.Windows[2].Id;
        var beforeSlot = await Call.HandleAsync(window, StaffAt(hall, 2), CancellationToken.None);
        await CompleteAsync(beforeSlot!, StaffAt(hall, 2));
        At(11, 0);
        var screen = await Queries.WindowAsync(window, StaffAt(hall, 2), CancellationToken.None);
        var atSlot = await Call.HandleAsync(window, StaffAt(hall, 2), CancellationToken.None);
        await CompleteAsync(atSlot!, StaffAt(hall, 2));
        var then = await Call.HandleAsync(window, StaffAt(hall, 2), CancellationToken.None);

        Assert.Equal("尚未到签到时间", tooEarly.Title);
        Assert.Equal(("B001", TicketKind.Booked), (booked.Number, booked.Kind));
        Assert.Equal(first.Id, beforeSlot!.Id);
        Assert.Equal([booked.Number, second.Number, third.Number], screen.Waiting.Select(t => t.Number));
        Assert.Equal(booked.Id, atSlot!.Id);
        Assert.Equal(second.Id, then!.Id);
        await using var check = database.CreateContext();
        Assert.Equal(AppointmentWorkflow.CheckedIn, (await check.Instances.SingleAsync(i => i.Id == booking.Id)).State);
    }

    [Fact]
    public async Task Fifty_staff_calling_next_at_once_on_one_queue_never_get_the_same_ticket()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();
        for (var i = 0; i < 30; i++)
        {
            await WalkInAsync(hall, shared);
        }

        // Fifty windows of one item: each window serves one ticket at a time.
        List<ServiceWindow> windows;
        await using (var db0 = database.CreateContext())
        {
            windows = [.. Enumerable.Range(0, 50).Select(k => new ServiceWindow(hall.Hall.Id, $"C{k:00}", $"综合窗口 {k}"))];
            db0.AddRange(windows);
            await db0.SaveChangesAsync();
            var item = await db0.Set<ServiceItem>().Include(i => i.Windows).SingleAsync(i => i.Id == shared.Id);
            item.Windows.AddRange(windows);
            await db0.SaveChangesAsync();
        }

        var called = await Task.WhenAll(windows.Select((w, k) => Task.Run(() =>
            Call.HandleAsync(w.Id, new Actor($"staff{k}", $"{w.Code} 窗口", Roles.WindowStaff, w.OrgUnit), CancellationToken.None))));

        var tickets = called.Where(t => t is not null).Select(t => t!).ToList();
        Assert.Equal(30, tickets.Count);
        Assert.Equal(30, tickets.Select(t => t.Id).Distinct().Count());
        Assert.All(tickets, t => Assert.Equal(TicketWorkflow.Called, t.State));
        Assert.Null(await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None));
        await using var db = database.CreateContext();
        var ids = tickets.Select(t => t.Id).ToList();
        Assert.Equal(30, await db.Ledger.CountAsync(l => ids.Contains(l.InstanceId) && l.Trigger == TicketWorkflow.Call));
    }

    [Fact]
    public async Task A_transferred_ticket_keeps_its_place_and_waiting_and_service_times_add_up()
    {
        At(10, 0);
        var (hall, shared, deedTax) = await HallAsync();
        var ticket = await WalkInAsync(hall, shared);
        At(10, 1);
        var later = await WalkInAsync(hall, deedTax);
        At(10, 5);
        await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
        At(10, 8);
        var moved = await Serve.TransferAsync(new TransferTicket(ticket.Id, hall.Windows[2].Id, "须先缴契税", database.VersionOf(ticket.Id)), StaffAt(hall, 0), CancellationToken.None);
        At(10, 10);
        var atDeedTax = await Call.HandleAsync(hall.Windows[2].Id, StaffAt(hall, 2), CancellationToken.None);
        var notMine = await Assert.ThrowsAsync<TransitionRefusedException>(() =>
            Serve.CompleteAsync(new CompleteTicket(ticket.Id, null, database.VersionOf(ticket.Id)), StaffAt(hall, 0), CancellationToken.None));
        At(10, 14);
        var done = await Serve.CompleteAsync(new CompleteTicket(ticket.Id, "已办结", database.VersionOf(ticket.Id)), StaffAt(hall, 2), CancellationToken.None);

        Assert.Equal((TicketWorkflow.Waiting, hall.Windows[2].Id), (moved.State, moved.WindowId));
        Assert.Equal(ticket.Id, atDeedTax!.Id);
        Assert.NotEqual(later.Id, atDeedTax.Id);
        Assert.Equal(TransitionOutcome.NotFound, notMine.Result.Outcome);
        Assert.Equal(TicketWorkflow.Completed, done.State);
        Assert.Equal(TimeSpan.FromMinutes(7), done.WaitingTime);
        Assert.Equal(TimeSpan.FromMinutes(7), done.ServiceTime);
        Assert.Equal(["start", "call", "transfer", "call", "complete"], await TriggersAsync(ticket.Id));
    }

    [Fact]
    public async Task Completing_a_ticket_invites_a_citizen_who_left_an_email_to_rate_it_and_no_one_else()
    {
        At(10, 0);
        var (hall, shared, _) = await HallAsync();
        var email = $"rate-{Guid.NewGuid():N}@test.gov.cn";
        var withEmail = await WalkInAsync(hall, shared, person: 730, email: email);
        var anonymous = await WalkInAsync(hall, shared);
        foreach (var ticket in new[] { withEmail, anonymous })
        {
            await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
            await Serve.CompleteAsync(new CompleteTicket(ticket.Id, null, database.VersionOf(ticket.Id)), StaffAt(hall, 0), CancellationToken.None);
        }

        await using var db = database.CreateContext();
        var ratings = await db.Set<ServiceRating>().Where(r => r.ServiceId == withEmail.Id || r.ServiceId == anonymous.Id).ToListAsync();
        var rating = Assert.Single(ratings);
        Assert.Equal((withEmail.Id, hall.Windows[0].Id, shared.Id), (rating.ServiceId, rating.WindowId, rating.ItemId));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.RecipientEmail == email && o.Template == RatingInvitations.Template));
    }

    [Fact]
    public async Task A_return_counts_the_next_ticket_as_the_second_trip_of_the_same_matter()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();
        var email = $"citizen-{Guid.NewGuid():N}@test.gov.cn";
        var first = await WalkInAsync(hall, shared, person: 600, email: email);
        var duplicate = await Assert.ThrowsAsync<RuleViolationException>(() => WalkInAsync(hall, shared, person: 600));
        await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
        At(9, 20);
        var returned = await Serve.ReturnAsync(new ReturnTicket(first.Id, "材料不全：缺购房合同原件", database.VersionOf(first.Id)), StaffAt(hall, 0), CancellationToken.None);
        At(14, 0);
        var second = await WalkInAsync(hall, shared, person: 600);
        var anonymous = await WalkInAsync(hall, shared);
        await Call.HandleAsync(hall.Windows[1].Id, StaffAt(hall, 1), CancellationToken.None);
        At(14, 30);
        await Serve.CompleteAsync(new CompleteTicket(second.Id, null, database.VersionOf(second.Id)), StaffAt(hall, 1), CancellationToken.None);
        await Call.HandleAsync(hall.Windows[1].Id, StaffAt(hall, 1), CancellationToken.None);
        await Serve.CompleteAsync(new CompleteTicket(anonymous.Id, null, database.VersionOf(anonymous.Id)), StaffAt(hall, 1), CancellationToken.None);

        var day = new DateOnly(2026, 11, 20);
        var stats = await Queries.TripsAsync(hall.Hall.Id, day, day, RuntimeHarness.Lead(hall), CancellationToken.None);

        Assert.Equal("已有排队中的号", duplicate.Title);
        Assert.Equal((TicketWorkflow.Returned, "材料不全：缺购房合同原件"), (returned.State, returned.ReturnReason));
        Assert.Equal((1, 2, 1), (first.Trip, second.Trip, anonymous.Trip));
        Assert.Equal((2, 1), (stats.Completed, stats.MultiTrip));
        Assert.Equal(new ItemTrips(shared.Id, "商品房合同备案", 2, 1, 3), Assert.Single(stats.Items));
        var a01 = stats.Windows.Single(w => w.WindowId == hall.Windows[0].Id);
        var a02 = stats.Windows.Single(w => w.WindowId == hall.Windows[1].Id);
        Assert.Equal((0, 1), (a01.Completed, a01.Returned));
        Assert.Equal((2, 1, 0), (a02.Completed, a02.MultiTrip, a02.Returned));
        await using var db = database.CreateContext();
        var notice = await db.Outbox.SingleAsync(o => o.InstanceId == first.Id && o.Template == "queue.returned");
        Assert.Equal(email, notice.RecipientEmail);
    }

    [Fact]
    public async Task Closing_with_tickets_left_is_refused_and_the_lead_gets_one_email_however_often_staff_try()
    {
        At(16, 50);
        var (hall, _, deedTax) = await HallAsync();
        var serving = await WalkInAsync(hall, deedTax);
        var waiting = await WalkInAsync(hall, deedTax);
        var b01 = hall.Windows[2].Id;
        await Call.HandleAsync(b01, StaffAt(hall, 2), CancellationToken.None);
        At(17, 0);

        var refused = await Close.HandleAsync(b01, StaffAt(hall, 2), CancellationToken.None);
        var again = await Close.HandleAsync(b01, StaffAt(hall, 2), CancellationToken.None);

        Assert.False(refused.Closed);
        Assert.Equal([serving.Number, waiting.Number], refused.PendingTickets);
        Assert.False(again.Closed);
        await using (var db = database.CreateContext())
        {
            var id = await db.Outbox.Where(o => o.RecipientEmail == hall.LeadEmail && o.Template == CloseWindowHandler.RefusedTemplate).Select(o => o.Id).SingleAsync();
            var sender = new EmailSender(Options.Create(new SmtpOptions { Host = Mailbox.SmtpHost, Port = Mailbox.SmtpPort }), TimeProvider.System);
            await new OutboxDelivery(new EngineContexts(database.Factory), sender, new EmailTemplates([new QueueCloseRefused()]), TimeProvider.System, NullLogger<OutboxDelivery>.Instance)
                .DeliverAsync([id], CancellationToken.None);
        }

        var mail = Assert.Single(await Mailbox.WaitForAsync(hall.LeadEmail));
        Assert.Equal("【闭窗提醒】B01 契税 仍有 2 个号未办结", mail.Subject);
        Assert.Contains($"未办结的号：{serving.Number}、{waiting.Number}", mail.Text, StringComparison.Ordinal);

        await Serve.CompleteAsync(new CompleteTicket(serving.Id, null, database.VersionOf(serving.Id)), StaffAt(hall, 2), CancellationToken.None);
        await Call.HandleAsync(b01, StaffAt(hall, 2), CancellationToken.None);
        await Serve.CompleteAsync(new CompleteTicket(waiting.Id, null, database.VersionOf(waiting.Id)), StaffAt(hall, 2), CancellationToken.None);
        var closed = await Close.HandleAsync(b01, StaffAt(hall, 2), CancellationToken.None);
        var afterClosing = await Assert.ThrowsAsync<RuleViolationException>(() => WalkInAsync(hall, deedTax));

        Assert.True(closed.Closed);
        Assert.Null(closed.ExtendedHoursId);
        Assert.Equal("该事项今日已停止取号", afterClosing.Title);
    }

    [Fact]
    public async Task Under_extended_hours_the_window_closes_and_keeps_serving_the_tickets_it_holds()
    {
        At(16, 50);
        var (hall, shared, _) = await HallAsync();
        var ticket = await WalkInAsync(hall, shared);
        var a02 = hall.Windows[1].Id;
        Assert.True((await Close.HandleAsync(a02, StaffAt(hall, 1), CancellationToken.None)).Closed);
        var extended = await _h.Register.HandleAsync(_h.Registration(hall), RuntimeHarness.Staff(hall), CancellationToken.None);
        At(17, 0);

        var closed = await Close.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
        var screen = await Queries.WindowAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
        var called = await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);

        Assert.True(closed.Closed);
        Assert.Equal(extended.Id, closed.ExtendedHoursId);
        Assert.Equal([ticket.Number], closed.PendingTickets);
        Assert.True(screen.ClosedToday);
        Assert.Equal(ticket.Id, Assert.Single(screen.Waiting).Id);
        Assert.Equal(ticket.Id, called!.Id);
        await using var db = database.CreateContext();
        Assert.False(await db.Outbox.AnyAsync(o => o.RecipientEmail == hall.LeadEmail && o.Template == CloseWindowHandler.RefusedTemplate));
    }

    [Fact]
    public async Task Bug_calling_next_while_serving_pulled_a_second_citizen_now_it_is_refused_naming_the_ticket_served()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();
        var first = await WalkInAsync(hall, shared);
        var second = await WalkInAsync(hall, shared);
        var staff = StaffAt(hall, 0);

        var called = await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None));
        var screen = await Queries.WindowAsync(hall.Windows[0].Id, staff, CancellationToken.None);
        await CompleteAsync(called!, staff);
        var next = await Call.HandleAsync(hall.Windows[0].Id, staff, CancellationToken.None);

        Assert.Equal(first.Id, called!.Id);
        Assert.Equal(("本窗口正在办理", $"{first.Number} 正在本窗口办理，请先办结、退回或转窗口，再叫下一个号"), (refused.Title, refused.Detail));
        Assert.Equal([first.Id], screen.Serving.Select(t => t.Id));
        Assert.Equal([second.Id], screen.Waiting.Select(t => t.Id));
        Assert.Equal(second.Id, next!.Id);
    }

    [Fact]
    public async Task Ten_clicks_of_call_next_at_once_at_one_window_serve_one_ticket_and_refuse_the_rest()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();
        for (var i = 0; i < 30; i++)
        {
            await WalkInAsync(hall, shared);
        }

        for (var round = 0; round < 3; round++)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(k => Task.Run(async () =>
            {
                try
                {
                    return (Ticket: await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0, $"click{k}"), CancellationToken.None), Refused: (RuleViolationException?)null);
                }
                catch (RuleViolationException refused)
                {
                    return (Ticket: (TicketView?)null, Refused: refused);
                }
            })));

            var served = Assert.Single(outcomes, o => o.Ticket is not null).Ticket!;
            Assert.Equal(9, outcomes.Count(o => o.Refused is { Title: "本窗口正在办理" }));
            await using (var db = database.CreateContext())
            {
                var serving = await db.Set<Ticket>().Where(t => t.WindowId == hall.Windows[0].Id && TicketWorkflow.AtWindow.Contains(t.State)).Select(t => t.Id).ToListAsync();
                Assert.Equal([served.Id], serving);
                Assert.Equal(1, await db.Ledger.CountAsync(l => l.InstanceId == served.Id && l.Trigger == TicketWorkflow.Call));
            }

            await CompleteAsync(served, StaffAt(hall, 0));
        }
    }

    /// <summary>
    /// The lead's page reads every window of the hall at once: each window's queue there is the one
    /// its own page shows, tickets shared by two windows of an item in both, a transferred one in
    /// its window's own queue only; another hall's lead gets the refusal of a window out of reach.
    /// </summary>
    [Fact]
    public async Task The_hall_read_at_once_gives_each_window_the_queue_its_own_page_shows()
    {
        At(9, 0);
        var (hall, shared, deedTax) = await HallAsync();
        var (otherHall, _, _) = await HallAsync();
        var first = await WalkInAsync(hall, shared);
        await WalkInAsync(hall, shared);
        await WalkInAsync(hall, shared);
        await WalkInAsync(hall, deedTax);
        At(9, 5);
        await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
        await Call.HandleAsync(hall.Windows[1].Id, StaffAt(hall, 1), CancellationToken.None);
        await Serve.TransferAsync(new TransferTicket(first.Id, hall.Windows[2].Id, "须先缴契税", database.VersionOf(first.Id)), StaffAt(hall, 0), CancellationToken.None);

        var all = await Queries.HallWindowsAsync(hall.Hall.Id, RuntimeHarness.Lead(hall), CancellationToken.None);
        var each = new List<WindowQueueView>();
        for (var window = 0; window < hall.Windows.Count; window++)
        {
            each.Add(await Queries.WindowAsync(hall.Windows[window].Id, StaffAt(hall, window), CancellationToken.None));
        }

        // A01: the third 合同备案 waiting; A02: the second at the window and the third; B01: 契税 and the one transferred to it.
        Assert.Equal(JsonSerializer.Serialize(each), JsonSerializer.Serialize(all));
        Assert.Equal([(0, 1), (1, 1), (0, 2)], all.Select(w => (w.Serving.Count, w.Waiting.Count)));
        Assert.Contains(all[2].Waiting, t => t.Id == first.Id);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Queries.HallWindowsAsync(hall.Hall.Id, RuntimeHarness.Lead(otherHall), CancellationToken.None));
    }

    [Fact]
    public async Task A_transferred_ticket_tells_the_receiving_window_where_it_came_from_and_why()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();
        var ticket = await WalkInAsync(hall, shared, person: 610);
        await Call.HandleAsync(hall.Windows[0].Id, StaffAt(hall, 0), CancellationToken.None);
        await Serve.TransferAsync(new TransferTicket(ticket.Id, hall.Windows[2].Id, "  须先缴契税  ", database.VersionOf(ticket.Id)), StaffAt(hall, 0), CancellationToken.None);

        var waiting = Assert.Single((await Queries.WindowAsync(hall.Windows[2].Id, StaffAt(hall, 2), CancellationToken.None)).Waiting);
        var called = await Call.HandleAsync(hall.Windows[2].Id, StaffAt(hall, 2), CancellationToken.None);
        var serving = Assert.Single((await Queries.WindowAsync(hall.Windows[2].Id, StaffAt(hall, 2), CancellationToken.None)).Serving);

        var from = $"{hall.Windows[0].Code} {hall.Windows[0].Name}";
        Assert.Equal((ticket.Id, from, "须先缴契税"), (waiting.Id, waiting.TransferredFrom, waiting.TransferReason));
        Assert.Equal((from, "须先缴契税"), (called!.TransferredFrom, called.TransferReason));
        Assert.Equal((from, "须先缴契税"), (serving.TransferredFrom, serving.TransferReason));
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_stores_nothing()
    {
        At(9, 0);
        var (hall, shared, _) = await HallAsync();

        var badPhone = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Issue.HandleAsync(new IssueTicket(shared.Id, "市民", "1381234", null, null), RuntimeHarness.Staff(hall), CancellationToken.None));
        var noItem = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Issue.HandleAsync(new IssueTicket(int.MaxValue, null, null, null, null), RuntimeHarness.Staff(hall), CancellationToken.None));
        // An unknown ticket is not found before its reason is looked at: the answer tells nothing of the request.
        var unknown = await Assert.ThrowsAsync<TransitionRefusedException>(() =>
            Serve.ReturnAsync(new ReturnTicket(Guid.NewGuid(), " ", 0), RuntimeHarness.Staff(hall), CancellationToken.None));

        Assert.Equal(["phone"], badPhone.Errors.Keys);
        Assert.Equal(["itemId"], noItem.Errors.Keys);
        Assert.Equal(TransitionOutcome.NotFound, unknown.Result.Outcome);
        await using var db = database.CreateContext();
        Assert.False(await db.Set<Ticket>().AnyAsync(t => t.HallId == hall.Hall.Id));
        Assert.False(await db.Set<Matter>().AnyAsync(m => m.HallId == hall.Hall.Id));
    }

    private async Task<int> SlotOfAsync(int itemId)
    {
        await using var db = database.CreateContext();
        return await db.Set<AppointmentSlot>().Where(s => s.Session!.ItemId == itemId).Select(s => s.Id).SingleAsync();
    }
}
