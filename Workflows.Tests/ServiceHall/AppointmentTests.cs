using Governance.Engine;
using Governance.Notifications;
using Governance.Notifications.Templates;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.ServiceHall;

public sealed class AppointmentDatabase() : TestDatabase("appointments");

/// <summary>预约: a Sunday deed-tax session, booked, changed, missed and reminded, on real PostgreSQL.</summary>
public sealed class AppointmentTests(AppointmentDatabase database) : IClassFixture<AppointmentDatabase>
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    private readonly RuntimeHarness _h = new(database, extra: AppointmentWorkflow.Create(new AppointmentOptions()));

    private BookAppointmentHandler Book => new(_h.Runtime, Options.Create(new AppointmentOptions()));

    private ChangeAppointmentHandler Change => new(_h.Runtime);

    /// <summary>A hall with a 契税 item and a Sunday 9:00–12:00 session of 30-minute slots.</summary>
    private Task<(TestHall Hall, AppointmentSession Session)> SundayDeedTaxAsync(int capacity = 5) => SundayDeedTaxForAsync(Sunday, capacity);

    private static BookAppointment Person(AppointmentSession session, int n, int slot = 0) =>
        new(session.ItemId, session.Slots[slot].Id, $"市民{n}", TestPeople.Phone(n), TestPeople.IdNumber(n), $"citizen{n}-{Guid.NewGuid():N}@test.gov.cn");

    private async Task<int> BookedAsync(int slotId)
    {
        await using var db = database.CreateContext();
        return await db.Set<AppointmentSlot>().Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync();
    }

    [Fact]
    public async Task A_sunday_session_is_special_and_divided_into_slots()
    {
        var (_, session) = await SundayDeedTaxAsync();

        Assert.True(session.IsSpecial);
        Assert.Equal(6, session.Slots.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 30, 0, TimeSpan.FromHours(8)), session.Slots[^1].StartsAt);
    }

    [Fact]
    public async Task Bug_weekday_slots_included_the_lunch_break_slots_keep_to_the_halls_hours_on_weekdays_and_special_days()
    {
        var hall = await TestHall.CreateAsync(database);
        await using (var db = database.CreateContext())
        {
            db.Add(new ServiceItem(hall.Hall.Id, "QS", "契税"));
            await db.SaveChangesAsync();
        }

        int item;
        await using (var db = database.CreateContext())
        {
            item = await db.Set<ServiceItem>().Where(i => i.HallId == hall.Hall.Id).Select(i => i.Id).SingleAsync();
        }

        async Task<string[]> SlotsAsync(DateOnly date, int opens, int closes, int minutes)
        {
            var session = await new OpenAppointmentSessionHandler(_h.Runtime).HandleAsync(
                new OpenAppointmentSession(item, "场次", date, new TimeOnly(opens, 0), new TimeOnly(closes, 0), minutes, 5), RuntimeHarness.Lead(hall), CancellationToken.None);
            return [.. session.Slots.Select(x => $"{Governance.Engine.Calendar.ChinaTime.ToLocal(x.StartsAt):HH:mm}-{Governance.Engine.Calendar.ChinaTime.ToLocal(x.EndsAt):HH:mm}")];
        }

        // The hall: 09:00–12:00 and 13:00–17:00 on weekdays, closed at weekends.
        Assert.Equal(["09:00-10:00", "10:00-11:00", "11:00-12:00", "13:00-14:00", "14:00-15:00", "15:00-16:00", "16:00-17:00"], await SlotsAsync(new DateOnly(2026, 11, 23), 9, 17, 60));
        Assert.Equal(["11:00-11:45", "13:00-13:45", "13:45-14:30"], await SlotsAsync(new DateOnly(2026, 11, 24), 11, 15, 45));

        // A Sunday 专场 keeps the ordinary weekday's lunch break.
        Assert.Equal(["10:00-11:00", "11:00-12:00", "13:00-14:00"], await SlotsAsync(new DateOnly(2026, 11, 29), 10, 14, 60));

        var lunch = await Assert.ThrowsAsync<RequestValidationException>(() => SlotsAsync(new DateOnly(2026, 11, 26), 12, 13, 30));
        Assert.StartsWith("该时间段不在大厅办公时间内", Assert.Single(lunch.Errors["closes"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hundred_people_booking_a_slot_of_five_at_once_exactly_five_get_it()
    {
        var (_, session) = await SundayDeedTaxAsync(capacity: 5);

        var outcomes = await Task.WhenAll(Enumerable.Range(1000, 200).Select(n => Task.Run(async () =>
        {
            try
            {
                return (await Book.HandleAsync(Person(session, n), CancellationToken.None)).Reference;
            }
            catch (RuleViolationException full)
            {
                return full.Title;
            }
        })));

        Assert.Equal(5, outcomes.Count(o => o.Length == 8));
        Assert.Equal(195, outcomes.Count(o => o == "该时段已约满"));
        Assert.Equal(5, await BookedAsync(session.Slots[0].Id));
        await using var db = database.CreateContext();
        Assert.Equal(5, await db.Set<Booking>().CountAsync(b => b.SlotId == session.Slots[0].Id));
    }

    [Fact]
    public async Task One_booking_per_person_per_day_even_when_racing()
    {
        var (_, session) = await SundayDeedTaxAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(slot => Task.Run(async () =>
        {
            try
            {
                await Book.HandleAsync(Person(session, 77, slot) with { Email = "same@test.gov.cn" }, CancellationToken.None);
                return "ok";
            }
            catch (RuleViolationException refused)
            {
                return refused.Title;
            }
        })));

        Assert.Single(outcomes, o => o == "ok");
        Assert.All(outcomes.Where(o => o != "ok"), o => Assert.Equal("每人每天限预约一次", o));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Set<AppointmentSlot>().Where(s => s.SessionId == session.Id).SumAsync(s => s.Booked));
    }

    [Theory]
    [InlineData("idNumber")]
    [InlineData("phone")]
    [InlineData("email")]
    [InlineData("slotId")]
    public async Task Bad_input_names_the_field_and_stores_nothing(string field)
    {
        var (_, session) = await SundayDeedTaxAsync();
        var good = Person(session, 5);
        var bad = field switch
        {
            "idNumber" => good with { IdNumber = good.IdNumber[..17] + (good.IdNumber[17] == '1' ? "2" : "1") },
            "phone" => good with { Phone = "1381234" },
            "email" => good with { Email = "not-an-address" },
            _ => good with { SlotId = int.MaxValue },
        };

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => Book.HandleAsync(bad, CancellationToken.None));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Equal(0, await BookedAsync(session.Slots[0].Id));
    }

    [Fact]
    public async Task Booking_opens_two_hours_ahead_and_closes_fourteen_days_ahead()
    {
        var (_, session) = await SundayDeedTaxAsync();
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 7, 30, 0, TimeSpan.FromHours(8)).ToUniversalTime());

        var tooLate = await Assert.ThrowsAsync<RequestValidationException>(() => Book.HandleAsync(Person(session, 6), CancellationToken.None));
        var inTime = await Book.HandleAsync(Person(session, 7, slot: 3), CancellationToken.None);

        Assert.Equal(["须至少提前 2 小时预约"], tooLate.Errors["slotId"]);
        Assert.Equal(8, inTime.Reference.Length);
    }

    [Fact]
    public async Task Cancelling_releases_the_seat_until_the_cutoff_and_needs_the_right_phone()
    {
        var (_, session) = await SundayDeedTaxAsync();
        var first = await Book.HandleAsync(Person(session, 11), CancellationToken.None);
        var second = await Book.HandleAsync(Person(session, 12), CancellationToken.None);

        var wrongPhone = await Assert.ThrowsAsync<TransitionRefusedException>(() => Change.CancelAsync(new(first.Reference, TestPeople.Phone(99), null, null), CancellationToken.None));
        await Change.CancelAsync(new(first.Reference.ToLowerInvariant(), TestPeople.Phone(11), null, "临时有事"), CancellationToken.None);
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 7, 30, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        var tooLate = await Assert.ThrowsAsync<TransitionRefusedException>(() => Change.CancelAsync(new(second.Reference, TestPeople.Phone(12), null, null), CancellationToken.None));

        Assert.Equal(TransitionOutcome.NotFound, wrongPhone.Result.Outcome);
        Assert.Equal((TransitionOutcome.GuardFailed, "须在预约时段开始 2 小时前办理"), (tooLate.Result.Outcome, tooLate.Result.Message));
        Assert.Equal(1, await BookedAsync(session.Slots[0].Id));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == first.Id && o.Template == "appointment.cancelled"));
    }

    [Fact]
    public async Task Rescheduling_moves_the_seat_and_a_full_slot_changes_nothing()
    {
        var (_, session) = await SundayDeedTaxAsync(capacity: 1);
        var mine = await Book.HandleAsync(Person(session, 21, slot: 0), CancellationToken.None);
        await Book.HandleAsync(Person(session, 22, slot: 1), CancellationToken.None);

        var full = await Assert.ThrowsAsync<RuleViolationException>(() => Change.RescheduleAsync(new(mine.Reference, TestPeople.Phone(21), session.Slots[1].Id, null), CancellationToken.None));
        await Change.RescheduleAsync(new(mine.Reference, TestPeople.Phone(21), session.Slots[2].Id, null), CancellationToken.None);

        Assert.Equal("该时段已约满", full.Title);
        var booked = new[] { await BookedAsync(session.Slots[0].Id), await BookedAsync(session.Slots[1].Id), await BookedAsync(session.Slots[2].Id) };
        Assert.Equal([0, 1, 1], booked);
        var view = await new AppointmentQueries(database.Factory, _h.Registry).BookingAsync(mine.Reference, TestPeople.Phone(21), CancellationToken.None);
        Assert.Equal(session.Slots[2].StartsAt, view!.StartsAt);
        Assert.Equal("4116*********01234"[..4], view.IdNumber[..4]);
        Assert.Contains("**********", view.IdNumber, StringComparison.Ordinal);
        Assert.Equal("139****0021", view.Phone);
    }

    [Fact]
    public async Task A_no_show_releases_the_slot_and_three_in_ninety_days_suspend_booking_for_thirty()
    {
        // From September, so that the suspension ends within the years the calendar covers.
        var h = new RuntimeHarness(database, new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.FromHours(8)), AppointmentWorkflow.Create(new AppointmentOptions()));
        var book = new BookAppointmentHandler(h.Runtime, Options.Create(new AppointmentOptions()));
        const int person = 31;
        var sundays = new[] { new DateOnly(2026, 9, 6), new DateOnly(2026, 9, 13), new DateOnly(2026, 9, 20) };
        foreach (var sunday in sundays)
        {
            var (hall, session) = await SundayDeedTaxForAsync(sunday, runtime: h.Runtime);
            var booking = await book.HandleAsync(Person(session, person), CancellationToken.None);
            h.Clock.SetUtcNow(session.Slots[0].StartsAt.AddMinutes(16).ToUniversalTime());
            h.Runtime.Changed.TakeNow();
            await h.PumpAllAsync();

            // A 爽约 counts in the lead's figures, whose page is told through the hall's queue topic.
            Assert.Contains(ChangeSignal.Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id)), h.Runtime.Changed.TakeNow());

            Assert.Equal(0, await BookedAsync(session.Slots[0].Id));
            await using var db = database.CreateContext();
            Assert.Equal(AppointmentWorkflow.NoShow, (await db.Instances.SingleAsync(i => i.Id == booking.Id)).State);
            Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == booking.Id && o.Template == "appointment.no-show"));
        }

        var (_, next) = await SundayDeedTaxForAsync(new DateOnly(2026, 9, 27), runtime: h.Runtime);
        var suspended = await Assert.ThrowsAsync<RuleViolationException>(() => book.HandleAsync(Person(next, person), CancellationToken.None));
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 20, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        var (_, later) = await SundayDeedTaxForAsync(new DateOnly(2026, 10, 25), runtime: h.Runtime);
        var again = await book.HandleAsync(Person(later, person), CancellationToken.None);

        Assert.Equal(("预约功能已暂停", "90 天内爽约 3 次，2026-10-20 09:16 前不能预约"), (suspended.Title, suspended.Detail));
        Assert.Equal(8, again.Reference.Length);
    }

    [Fact]
    public async Task The_evening_before_a_sunday_session_the_citizen_gets_one_reminder_email()
    {
        var (_, session) = await SundayDeedTaxAsync();
        var booking = Person(session, 41);
        var confirmation = await Book.HandleAsync(booking, CancellationToken.None);
        var reminders = new SendAppointmentReminders(_h.Runtime);

        await using var db = database.CreateContext();
        var mine = db.Outbox.Where(o => o.InstanceId == confirmation.Id && o.Template == "appointment.reminder");

        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        await reminders.RunAsync(CancellationToken.None);
        Assert.Equal(0, await mine.CountAsync());
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        await reminders.RunAsync(CancellationToken.None);
        await reminders.RunAsync(CancellationToken.None);
        var id = await mine.Select(o => o.Id).SingleAsync();
        var sender = new EmailSender(Options.Create(new SmtpOptions { Host = Mailbox.SmtpHost, Port = Mailbox.SmtpPort }), TimeProvider.System);
        var templates = new EmailTemplates([new AppointmentReminder()]);
        await new OutboxDelivery(new EngineContexts(database.Factory), sender, templates, TimeProvider.System, NullLogger<OutboxDelivery>.Instance).DeliverAsync([id], CancellationToken.None);
        var mail = Assert.Single(await Mailbox.WaitForAsync(booking.Email));
        Assert.Equal("【预约提醒】明天 09:00 契税", mail.Subject);
        Assert.Contains($"预约号：{confirmation.Reference}", mail.Text, StringComparison.Ordinal);
    }

    private async Task<(TestHall Hall, AppointmentSession Session)> SundayDeedTaxForAsync(DateOnly date, int capacity = 5, WorkflowRuntime? runtime = null)
    {
        var hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var item = new ServiceItem(hall.Hall.Id, "QS", "契税");
        db.Add(item);
        await db.SaveChangesAsync();
        var session = await new OpenAppointmentSessionHandler(runtime ?? _h.Runtime).HandleAsync(
            new OpenAppointmentSession(item.Id, "周日契税专场", date, new TimeOnly(9, 0), new TimeOnly(12, 0), 30, capacity),
            RuntimeHarness.Lead(hall), CancellationToken.None);
        return (hall, session);
    }
}
