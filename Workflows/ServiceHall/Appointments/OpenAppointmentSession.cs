using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>The hall opens an appointment session for an item, e.g. Sunday 9:00–12:00 for deed tax, in slots within the hall's hours (see <see cref="AppointmentSession"/>).</summary>
public sealed record OpenAppointmentSession(int ItemId, string Name, DateOnly Date, TimeOnly Opens, TimeOnly Closes, int SlotMinutes, int CapacityPerSlot);

public sealed class OpenAppointmentSessionHandler(WorkflowRuntime runtime)
{
    public Task<AppointmentSession> HandleAsync(OpenAppointmentSession command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        new Validation()
            .Text(command.Name, "name", 100)
            .Check(command.Date >= ChinaTime.DateOf(runtime.Now), "date", "不能早于今天")
            .Check(command.Closes > command.Opens, "closes", "须晚于开始时间")
            .Check(command.SlotMinutes is >= 5 and <= 240, "slotMinutes", "每个时段 5 到 240 分钟")
            .Check(command.CapacityPerSlot is >= 1 and <= 500, "capacityPerSlot", "每个时段 1 到 500 人")
            .Check(command.Closes - command.Opens >= TimeSpan.FromMinutes(command.SlotMinutes), "closes", "至少容纳一个时段")
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var item = await db.Set<ServiceItem>().SingleOrDefaultAsync(i => i.Id == command.ItemId, token);
            new Validation().Check(item is not null, "itemId", "事项不存在").ThrowIfInvalid();
            if (!actor.CanSee($"hall/{item!.HallId}"))
            {
                throw new UnauthorizedAccessException("只能为本厅开设预约场次");
            }

            var hall = await db.Set<Hall>().Include(h => h.OpeningHours).SingleAsync(h => h.Id == item.HallId, token);
            var session = new AppointmentSession(
                hall, item.Id, command.Name.Trim(), command.Date, command.Opens, command.Closes,
                TimeSpan.FromMinutes(command.SlotMinutes), command.CapacityPerSlot, runtime.Calendar.IsWorkingDay(command.Date));
            new Validation().Check(
                session.Slots.Count > 0, "closes",
                $"该时间段不在大厅办公时间内，容纳不下一个时段（当日办公时间 {string.Join("，", AppointmentSession.HoursOf(hall.WeeklyHours(), command.Date))}）").ThrowIfInvalid();
            db.Add(session);
            return session;
        }, ct);
    }
}
