using System.Globalization;
using System.Text;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Reports;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.DependencyInjection;
using IcalCalendar = Ical.Net.Calendar;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>
/// 加入手机日历: a booking as an iCalendar file (RFC 5545) the citizen opens on their phone: the
/// slot in China time (TZID Asia/Shanghai), where to go, what to bring, and a reminder the day
/// before. Whoever holds the reference and the phone gets it, as for <see cref="AppointmentQueries.BookingAsync"/>;
/// no phone, ID number or name is written in it. A cancelled booking (or a no-show, whose slot
/// was released) comes as STATUS:CANCELLED without the reminder, so that a calendar that already
/// has it (the same UID) shows it cancelled.
/// </summary>
public sealed class AppointmentCalendar(AppointmentQueries appointments, CatalogueQueries catalogue, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>The zone the hall's clock is in: the tz database's name, as calendars know it.</summary>
    public const string TimeZoneId = "Asia/Shanghai";

    /// <summary>The file, or null if no booking has this reference and phone.</summary>
    public async Task<ReportFile?> FileAsync(string reference, string phone, CancellationToken ct)
    {
        if (await appointments.BookingAsync(reference, phone, ct) is not { } booking || await catalogue.HallAsync(booking.HallId, ct) is not { } hall)
        {
            return null;
        }

        var item = hall.Items.Single(i => i.Id == booking.ItemId);
        var cancelled = booking.State is AppointmentWorkflow.Cancelled or AppointmentWorkflow.NoShow;
        var calendar = new IcalCalendar { ProductId = "-//Governance//Appointments//ZH-CN", Method = CalendarMethods.Publish };
        calendar.AddTimeZone(TimeZoneId);
        var appointment = new CalendarEvent
        {
            Uid = $"{booking.Reference}@appointments.governance",
            DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, CalDateTime.UtcTzId),
            DtStart = InChina(booking.StartsAt),
            DtEnd = InChina(booking.EndsAt),
            Summary = $"{(cancelled ? "【已取消】" : "")}预约：{booking.ItemName}（{hall.Name}）",
            Location = string.Join(' ', new[] { hall.Name, item.Guide.Location }.Where(p => p.Length > 0)),
            Description = Description(booking, item),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        };
        if (!cancelled)
        {
            appointment.Alarms.Add(new Alarm
            {
                Action = AlarmAction.Display,
                Trigger = new Trigger(-Duration.FromDays(1)),
                Description = $"明天 {booking.StartsAt.ToString("HH:mm", CultureInfo.InvariantCulture)} {booking.ItemName}预约（{hall.Name}），请带齐所需材料",
            });
        }

        calendar.Events.Add(appointment);
        var text = new CalendarSerializer().SerializeToString(calendar)!;
        return new ReportFile($"预约-{booking.ItemName}-{booking.StartsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.ics", ContentType, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The wall-clock time in China, with its zone named (DTSTART;TZID=Asia/Shanghai:…).</summary>
    private static CalDateTime InChina(DateTimeOffset instant) => new(ChinaTime.ToLocal(instant).DateTime, TimeZoneId);

    private static string Description(BookingView booking, ItemSummary item)
    {
        var guide = item.Guide;
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"预约号：{booking.Reference}")
            .AppendLine(CultureInfo.InvariantCulture, $"事项：{booking.ItemName}（{booking.SessionName}）")
            .AppendLine(CultureInfo.InvariantCulture, $"受理窗口：{string.Join("、", item.Windows)}");
        if (guide.Location.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"办理地点：{guide.Location}");
        }

        if (guide.TimeLimit.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"办理时限：{guide.TimeLimit}");
        }

        if (guide.Materials.Count > 0)
        {
            text.AppendLine("所需材料：");
            for (var i = 0; i < guide.Materials.Count; i++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. {guide.Materials[i]}");
            }
        }

        if (guide.Notes.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"注意事项：{guide.Notes}");
        }

        return text.Append("到厅后凭预约号和手机号签到取号。").ToString();
    }
}
