using Governance.Workflows.ServiceHall.Appointments;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>Every evening at 18:00 China time: reminders for tomorrow's appointments (weekend sessions included).</summary>
[DisallowConcurrentExecution]
public sealed class AppointmentReminderJob(SendAppointmentReminders reminders) : IJob
{
    public static readonly JobKey Key = new("appointment-reminders", "service-hall");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.RunAsync(cancellationToken);
}
