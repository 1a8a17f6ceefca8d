using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>What an appointment's instance, its emails and its guards need; no ID number here.</summary>
public sealed record AppointmentData(
    string Reference,
    int HallId,
    string HallName,
    string ItemName,
    string SessionName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Name,
    string Email);

/// <summary>
/// 预约服务: booked → checked in → served, or cancelled before the cut-off, or a no-show once the
/// grace period after the slot's start has passed (the slot is released and the no-show counted).
/// </summary>
public static class AppointmentWorkflow
{
    public const string Name = "appointment";

    public const string Booked = "Booked";
    public const string CheckedIn = "CheckedIn";
    public const string Cancelled = "Cancelled";
    public const string NoShow = "NoShow";

    public const string Cancel = "cancel";
    public const string Reschedule = "reschedule";
    public const string CheckIn = "check-in";
    public const string MissAppointment = "no-show";

    private static readonly string[] CitizenOrStaff = [Roles.Citizen, Roles.WindowStaff, Roles.HallLead];

    private static readonly RecipientRule Citizen = new("预约人", (context, _) =>
    {
        var d = context.Data<AppointmentData>();
        return Task.FromResult<IReadOnlyList<Recipient>>([new Recipient(d.Name, d.Email)]);
    });

    public static WorkflowDefinition Create(AppointmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var beforeCutoff = new Guard(
            $"须在预约时段开始 {options.ChangeCutoff.TotalHours:0.#} 小时前办理",
            c => c.Now <= c.Data<AppointmentData>().StartsAt - options.ChangeCutoff);

        return WorkflowDefinition.Create(Name, 1, "预约服务", b =>
        {
            // A citizen books for themself (BookAppointment); the hall never books on their behalf.
            b.StartedBy(Roles.Citizen);

            // An administrator's cancel gives the seat back as a cancellation does, and tells no one.
            b.CancelledBy(new EntryAction("释放时段", (c, ct) => ReleaseAsync(c, noShow: false, ct)));
            b.State(Booked, "已预约").Initial()
                .Sla(SlaLimit.Until($"时段开始后 {options.NoShowGrace.TotalMinutes:0} 分钟内签到", c => c.Instance.GetData<AppointmentData>().StartsAt + options.NoShowGrace), MissAppointment)
                .Notify(new NotificationSpec("appointment.confirmed", Citizen, Model));
            b.State(CheckedIn, "已签到");
            b.State(Cancelled, "已取消").Final()
                .OnEnter("释放时段", (c, ct) => ReleaseAsync(c, noShow: false, ct))
                .Notify(new NotificationSpec("appointment.cancelled", Citizen, Model));
            b.State(NoShow, "爽约").Final()
                .OnEnter("释放时段并记爽约", (c, ct) => ReleaseAsync(c, noShow: true, ct))
                .Notify(new NotificationSpec("appointment.no-show", Citizen, Model));

            b.Permit(Booked, Cancel, Cancelled, "取消预约", CitizenOrStaff, beforeCutoff);
            b.Permit(Booked, Reschedule, Booked, "改约", CitizenOrStaff, beforeCutoff);
            b.Permit(Booked, CheckIn, CheckedIn, "签到", CitizenOrStaff);
            b.Permit(Booked, MissAppointment, NoShow, "爽约", [Actor.SystemRole]);
        });
    }

    private static async Task ReleaseAsync(TransitionContext context, bool noShow, CancellationToken ct)
    {
        var booking = await context.Db.Set<Booking>().SingleAsync(b => b.Id == context.Instance.Id, ct);
        await Seats.GiveBackAsync(context.Db, booking.SlotId, ct);
        booking.Release(noShow ? context.Now : null);
        if (noShow)
        {
            // A 爽约 counts in the hall's figures (预约守约率), which the lead's page watches through the hall's queue topic.
            context.Db.MarkChanged(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(booking.HallId));
        }
    }

    private static object Model(TransitionContext context)
    {
        var d = context.Data<AppointmentData>();
        // A reschedule re-enters Booked: the same confirmation, saying it is the new time (改约).
        return new { d.Reference, d.HallName, d.ItemName, d.SessionName, d.StartsAt, d.EndsAt, Rescheduled = context.Trigger == Reschedule };
    }
}
