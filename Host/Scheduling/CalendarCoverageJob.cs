using Governance.Workflows.Calendar;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>Every morning: if next year's holidays are not entered yet, the administrator is told (at 60, 30 and 7 days, then weekly once the year has begun).</summary>
[DisallowConcurrentExecution]
public sealed class CalendarCoverageJob(CalendarCoverageReminder reminder) : IJob
{
    public static readonly JobKey Key = new("calendar-coverage", "workflows");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminder.RemindAsync(cancellationToken);
}
