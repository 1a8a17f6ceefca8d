using Governance.Engine.Storage;
using Governance.Workflows.ServiceHall.Queue;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>Every 15 minutes: closes the tickets of a day that is over (当日未办, <see cref="EndQueueDay"/>).</summary>
[DisallowConcurrentExecution]
public sealed class QueueDayEndJob(EndQueueDay sweep, ILogger<QueueDayEndJob> log) : IJob
{
    public static readonly JobKey Key = new("queue-day-end", "service-hall");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var closed = 0;
        await new OutageBackoff("queue day-end sweep", log).RunThroughOutageAsync(async ct => closed = await sweep.RunAsync(ct), cancellationToken);
        if (closed > 0)
        {
            log.LogInformation("Queue day-end sweep closed {Count} tickets as not served", closed);
        }
    }
}
