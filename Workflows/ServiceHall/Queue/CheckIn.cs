using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>A booked citizen checks in on the day (签到) with the reference and phone number, and gets a B-ticket.</summary>
public sealed record CheckIn(string Reference, string Phone);

public sealed class CheckInHandler(WorkflowRuntime runtime, IOptions<QueueOptions> options, IOptions<AppointmentOptions> appointments)
{
    /// <summary>Moves the appointment to checked-in and issues its ticket in one transaction, or changes nothing.</summary>
    public Task<TicketView> HandleAsync(CheckIn command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        new Validation()
            .Text(command.Reference, "reference", 8)
            .Text(command.Phone, "phone", 11)
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var reference = command.Reference.Trim().ToUpperInvariant();
            var booking = await db.Set<Booking>().SingleOrDefaultAsync(b => b.Reference == reference, token);
            if (booking is null || booking.Phone != command.Phone)
            {
                // A wrong phone number reads like a wrong reference: the reference is not a way to probe.
                throw new TransitionRefusedException(new TransitionResult(TransitionOutcome.NotFound, null, "未找到该预约（请核对预约号和手机号）"));
            }

            var now = runtime.Now;
            var opens = booking.StartsAt - options.Value.CheckInOpensBefore;
            if (ChinaTime.DateOf(now) != booking.Date || now < opens)
            {
                throw new RuleViolationException("尚未到签到时间", $"请于 {ChinaTime.ToLocal(opens):yyyy-MM-dd HH:mm} 后到场签到");
            }

            if (now > booking.StartsAt + appointments.Value.NoShowGrace)
            {
                throw new RuleViolationException("已过签到时间", $"预约时段开始 {appointments.Value.NoShowGrace.TotalMinutes:0} 分钟后不能签到，请现场取号");
            }

            var citizen = new Actor($"citizen:{booking.PersonKey[..12]}", booking.Name, Roles.Citizen, $"hall/{booking.HallId}");
            TransitionRefusedException.ThrowIfRefused(await runtime.ApplyAtCurrentVersionAsync(
                db, booking.Id, AppointmentWorkflow.Name, version => new Stimulus(booking.Id, AppointmentWorkflow.CheckIn, citizen, version, "到场签到取号"), token));
            var item = await db.Set<ServiceItem>().SingleAsync(i => i.Id == booking.ItemId, token);
            var person = new Person(booking.Name, booking.Phone, booking.IdNumber, booking.Email);
            var (ticket, instance) = await TicketIssuer.IssueAsync(
                runtime, db, new TicketRequest(item, TicketKind.Booked, person, booking.PersonKey, booking.Id, booking.Reference, booking.StartsAt), options.Value, citizen, token);
            return TicketView.Of(ticket, instance, item.Name);
        }, ct);
    }
}
