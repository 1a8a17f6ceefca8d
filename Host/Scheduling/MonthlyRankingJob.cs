using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Ranking;
using Governance.Workflows.Storage;
using Quartz;

namespace Governance.Host.Scheduling;

/// <summary>
/// Every morning at 07:00 China time: on the month's first working day the month before is ranked
/// and the circular sent (月排名、月通报); on other days nothing is due, or it is stored already.
/// Quartz's cluster fires each morning's trigger on one node; the ranking itself is once per city
/// and month under a database lock, so a second run anywhere changes nothing.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MonthlyRankingJob(RunDueRanking ranking, ILogger<MonthlyRankingJob> log) : IJob
{
    public static readonly JobKey Key = new("monthly-ranking", "safety-campaign");

    /// <summary>A database outage is waited out with backoff: the run is safe to repeat, and a day's run is not lost to it.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await new OutageBackoff("monthly ranking job", log).RunThroughOutageAsync(ranking.RunAsync, cancellationToken);
}
