using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>
/// A citizen manages a booking by its reference, proving it with the phone number booked with:
/// cancel it, or move it to another slot of the same item (改约), up to the cut-off.
/// </summary>
public sealed record ChangeAppointment(string Reference, string Phone, int? NewSlotId, string? Reason);

public sealed class ChangeAppointmentHandler(WorkflowRuntime runtime)
{
    /// <summary>The longest reason a citizen may give; it goes into the 台账 line.</summary>
    public const int MaxReason = 500;

    public Task<TransitionResult> CancelAsync(ChangeAppointment command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        new Validation().Text(command.Reason, "reason", MaxReason, required: false).ThrowIfInvalid();
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var booking = await FindAsync(db, command, token);
            return TransitionRefusedException.ThrowIfRefused(await runtime.ApplyAtCurrentVersionAsync(
                db, booking.Id, AppointmentWorkflow.Name, version => new Stimulus(booking.Id, AppointmentWorkflow.Cancel, CitizenOf(booking), version, command.Reason ?? "预约人取消"), token));
        }, ct);
    }

    public async Task<TransitionResult> RescheduleAsync(ChangeAppointment command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        new Validation().Check(command.NewSlotId > 0, "newSlotId", "必填").ThrowIfInvalid();
        try
        {
            return await RescheduleInTransactionAsync(command, ct);
        }
        catch (PostgresException ex) when (Seats.IsFull(ex))
        {
            throw Seats.Full();
        }
    }

    private Task<TransitionResult> RescheduleInTransactionAsync(ChangeAppointment command, CancellationToken ct) =>
        runtime.InTransactionAsync(async (db, token) =>
        {
            var booking = await FindAsync(db, command, token);
            var slot = await db.Set<AppointmentSlot>().Include(s => s.Session).SingleOrDefaultAsync(s => s.Id == command.NewSlotId, token);
            new Validation()
                .Check(slot is not null && slot.Session!.ItemId == booking.ItemId, "newSlotId", "该时段不办理此事项")
                .Check(slot is null || slot.Id != booking.SlotId, "newSlotId", "与原时段相同")
                .Check(slot is null || slot.StartsAt > runtime.Now, "newSlotId", "该时段已过")
                .ThrowIfInvalid();

            // The new seat is taken at commit: a full slot fails it, and the whole move rolls back.
            await Seats.GiveBackAsync(db, booking.SlotId, token);
            Seats.TakeAtCommit(db, slot!.Id);
            booking.MoveTo(slot);
            return TransitionRefusedException.ThrowIfRefused(await runtime.ApplyAtCurrentVersionAsync(
                db,
                booking.Id,
                AppointmentWorkflow.Name,
                version => new Stimulus(booking.Id, AppointmentWorkflow.Reschedule, CitizenOf(booking), version, $"改约至 {ChinaTime.ToLocal(slot.StartsAt):yyyy-MM-dd HH:mm}",
                    c => c.UpdateData<AppointmentData>(d => d with { StartsAt = slot.StartsAt, EndsAt = slot.EndsAt, SessionName = slot.Session!.Name })),
                token));
        }, ct);

    private static async Task<Booking> FindAsync(EngineDbContext db, ChangeAppointment command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reference = command.Reference?.Trim().ToUpperInvariant() ?? "";
        var booking = await db.Set<Booking>().SingleOrDefaultAsync(b => b.Reference == reference, ct);

        // A wrong phone number reads like a wrong reference: the reference is not a way to probe.
        return booking is not null && booking.Phone == command.Phone
            ? booking
            : throw new TransitionRefusedException(new TransitionResult(TransitionOutcome.NotFound, null, "未找到该预约（请核对预约号和手机号）"));
    }

    private static Actor CitizenOf(Booking booking) => new($"citizen:{booking.PersonKey[..12]}", booking.Name, Roles.Citizen, $"hall/{booking.HallId}");
}
