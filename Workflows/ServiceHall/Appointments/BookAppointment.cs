using System.Runtime.CompilerServices;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>A citizen books a slot for a service item (预约).</summary>
public sealed record BookAppointment(int ItemId, int SlotId, string Name, string Phone, string IdNumber, string Email);

/// <summary>What the citizen keeps: the reference to manage the booking with.</summary>
public sealed record BookingConfirmation(string Reference, Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string ItemName, string SessionName);

public sealed class BookAppointmentHandler(WorkflowRuntime runtime, IOptions<AppointmentOptions> options)
{
    /// <summary>
    /// The slot with its names and the person's recent no-shows, in one round trip, compiled once per
    /// model: built anew per booking, the LINQ query's expression tree, EF Core's parameter extraction
    /// from it and its query-cache lookup were a sixth of the Host's CPU per booking (BENCHMARKS.md,
    /// "Bookings open loop"). A compiled query refuses a second model, and a test process has one per
    /// database.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Func<EngineDbContext, int, string, DateTimeOffset, CancellationToken, Task<SlotToBook?>>> SlotQueries = new();

    private static Task<SlotToBook?> SlotToBookAsync(EngineDbContext db, int slotId, string person, DateTimeOffset noShowsSince, CancellationToken ct) =>
        SlotQueries.GetValue(db.Model, _ => EF.CompileAsyncQuery((EngineDbContext db, int slotId, string person, DateTimeOffset noShowsSince, CancellationToken ct) =>
            db.Set<AppointmentSlot>()
                .Where(s => s.Id == slotId)
                .Select(s => new SlotToBook(
                    s.Id,
                    s.StartsAt,
                    s.EndsAt,
                    s.Booked,
                    s.Capacity,
                    s.Session!.HallId,
                    s.Session.ItemId,
                    s.Session.Name,
                    db.Set<Hall>().Where(h => h.Id == s.Session.HallId).Select(h => h.Name).Single(),
                    db.Set<ServiceItem>().Where(i => i.Id == s.Session.ItemId).Select(i => i.Name).Single(),
                    db.Set<Booking>().Count(b => b.PersonKey == person && b.NoShowAt > noShowsSince),
                    db.Set<Booking>().Where(b => b.PersonKey == person && b.NoShowAt > noShowsSince).Max(b => b.NoShowAt)))
                .SingleOrDefault()))(db, slotId, person, noShowsSince, ct);

    /// <summary>Books, or throws <see cref="RequestValidationException"/> / <see cref="RuleViolationException"/> and stores nothing.</summary>
    public async Task<BookingConfirmation> HandleAsync(BookAppointment command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        new Validation()
            .Check(command.ItemId > 0, "itemId", "必填")
            .Check(command.SlotId > 0, "slotId", "必填")
            .Text(command.Name, "name", 50)
            .Check(PersonalData.IsMobile(command.Phone), "phone", "请填写 11 位手机号码")
            .Check(PersonalData.IsIdNumber(command.IdNumber, ChinaTime.DateOf(runtime.Now)), "idNumber", "身份证号码有误（18 位，末位校验）")
            .Check(PersonalData.IsEmail(command.Email), "email", "请填写有效的电子邮箱，用于接收预约确认")
            .ThrowIfInvalid();

        try
        {
            return await runtime.InTransactionAsync((db, token) => BookAsync(db, command, token), ct);
        }
        catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_bookings_one_per_person_per_day" })
        {
            throw OnePerDay();
        }
        catch (PostgresException ex) when (Seats.IsFull(ex))
        {
            throw Seats.Full();
        }
    }

    private async Task<BookingConfirmation> BookAsync(EngineDbContext db, BookAppointment command, CancellationToken ct)
    {
        var rules = options.Value;
        var now = runtime.Now;
        var person = Booking.PersonKeyOf(command.IdNumber);
        var noShowsSince = now - rules.NoShowWindow;
        var slot = await SlotToBookAsync(db, command.SlotId, person, noShowsSince, ct);
        new Validation()
            .Check(slot is not null, "slotId", "预约时段不存在")
            .Check(slot is null || slot.ItemId == command.ItemId, "itemId", "该时段不办理此事项")
            .ThrowIfInvalid();
        new Validation()
            .Check(slot!.StartsAt >= now + rules.MinLeadTime, "slotId", $"须至少提前 {rules.MinLeadTime.TotalHours:0.#} 小时预约")
            .Check(slot.StartsAt <= now + rules.MaxAdvance, "slotId", $"最多可预约 {rules.MaxAdvance.TotalDays:0} 天内的时段")
            .ThrowIfInvalid();

        // A full slot answers at once; one filling up meanwhile is refused by the seat taken at commit.
        if (slot.Booked >= slot.Capacity)
        {
            throw Seats.Full();
        }

        RefuseIfSuspended(slot.NoShows, slot.LastNoShow, now, rules);

        // 每人每天限约一次 is the unique index's to hold (two bookings may race); see HandleAsync.
        var data = new AppointmentData("", slot.HallId, slot.Hall, slot.Item, slot.Session, slot.StartsAt, slot.EndsAt, command.Name.Trim(), command.Email.Trim());
        var booking = new Booking(slot.Id, slot.StartsAt, slot.HallId, slot.ItemId, data.Name, command.Phone, command.IdNumber, data.Email, now);
        var instance = await runtime.StartAsync(
            db, AppointmentWorkflow.Name, $"hall/{slot.HallId}", $"预约 {slot.Item} {booking.Reference}",
            data with { Reference = booking.Reference }, new Actor($"citizen:{person[..12]}", data.Name, Roles.Citizen), ct);
        // With the commit rather than through EF Core's change tracker: its save was a round trip of
        // its own and a quarter of the Host's CPU per booking (BENCHMARKS.md, "Bookings").
        db.InsertAtCommit(booking.BelongingTo(instance.Id));
        Seats.TakeAtCommit(db, slot.Id);
        return new BookingConfirmation(booking.Reference, instance.Id, ChinaTime.ToLocal(slot.StartsAt), ChinaTime.ToLocal(slot.EndsAt), slot.Item, slot.Session);
    }

    /// <summary>爽约: <see cref="AppointmentOptions.NoShowLimit"/> no-shows within the window suspend booking from the last of them.</summary>
    private static void RefuseIfSuspended(int noShows, DateTimeOffset? lastNoShow, DateTimeOffset now, AppointmentOptions rules)
    {
        if (noShows >= rules.NoShowLimit && lastNoShow is { } last && last + rules.Suspension > now)
        {
            var until = ChinaTime.ToLocal(last + rules.Suspension);
            throw new RuleViolationException(
                "预约功能已暂停",
                $"{rules.NoShowWindow.TotalDays:0} 天内爽约 {rules.NoShowLimit} 次，{until:yyyy-MM-dd HH:mm} 前不能预约");
        }
    }

    private sealed record SlotToBook(
        int Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Booked, int Capacity, int HallId, int ItemId, string Session, string Hall, string Item, int NoShows, DateTimeOffset? LastNoShow);

    private static RuleViolationException OnePerDay() => new("每人每天限预约一次", "您当天已有预约，可改约或取消后再约");
}
