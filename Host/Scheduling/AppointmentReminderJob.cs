using Governance.Engine.Storage;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Storage;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>Every evening at 18:00 China time: reminders for tomorrow's appointments (weekend sessions included).</summary>
[DisallowConcurrentExecution]
public sealed class AppointmentReminderJob(SendAppointmentReminders reminders, ILogger<AppointmentReminderJob> log) : IJob
{
    public static readonly JobKey Key = new("appointment-reminders", "service-hall");

    /// <summary>A database outage is waited out with backoff: the run is safe to repeat, and a day's run is not lost to it.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await new OutageBackoff("appointment reminder job", log).RunThroughOutageAsync(reminders.RunAsync, cancellationToken);
}
