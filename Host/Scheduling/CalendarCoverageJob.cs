using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.Administration;
using Governance.Workflows.Storage;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>Every morning: if next year's holidays are not entered yet, the administrator is told (at 60, 30 and 7 days, then weekly once the year has begun).</summary>
[DisallowConcurrentExecution]
public sealed class CalendarCoverageJob(CalendarCoverageReminder reminder, ILogger<CalendarCoverageJob> log) : IJob
{
    public static readonly JobKey Key = new("calendar-coverage", "workflows");

    /// <summary>A database outage is waited out with backoff: the run is safe to repeat, and a day's run is not lost to it.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await new OutageBackoff("calendar coverage job", log).RunThroughOutageAsync(reminder.RemindAsync, cancellationToken);
}
