using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>
/// The evening before, every citizen booked for tomorrow gets a reminder — on Saturday evening
/// for a Sunday session too. Run daily; a booking is reminded once however often it runs.
/// </summary>
public sealed class SendAppointmentReminders(WorkflowRuntime runtime)
{
    public const string Template = "appointment.reminder";

    /// <summary>Returns how many reminders were newly owed.</summary>
    public Task<int> RunAsync(CancellationToken ct) => runtime.InTransactionAsync(async (db, token) =>
    {
        var now = runtime.Now;
        var tomorrow = ChinaTime.DateOf(now).AddDays(1);
        var due = await db.Set<Booking>()
            .Where(b => b.Date == tomorrow && b.Active)
            .Join(db.Instances.Where(i => i.State == AppointmentWorkflow.Booked), b => b.Id, i => i.Id, (b, i) => i)
            .ToListAsync(token);
        var added = 0;
        foreach (var instance in due)
        {
            var d = instance.GetData<AppointmentData>();
            var model = JsonSerializer.Serialize(
                new NotificationModel(instance.Id, "预约服务", instance.Title, "已预约", Actor.System.Name, null, now, d.StartsAt,
                    new { d.Reference, d.HallName, d.ItemName, d.SessionName, d.StartsAt, d.EndsAt }),
                WorkflowInstance.DataJson);
            var message = new OutboxMessage(Guid.CreateVersion7(now), instance.Id, Template, new Recipient(d.Name, d.Email), model, now,
                dedupeKey: $"{Template}:{instance.Id:N}:{d.StartsAt.ToUnixTimeSeconds()}");
            added += await db.AddOutboxOnceAsync(message, token) ? 1 : 0;
        }

        return added;
    }, ct);
}
