using Governance.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.SafetyCampaign.Ranking;

public static class RankingServiceCollectionExtensions
{
    /// <summary>三零 status per month, the monthly ranking (月排名) and its circular (月通报), and the stored rankings' queries.</summary>
    public static IServiceCollection AddRanking(this IServiceCollection services)
    {
        services.AddSingleton<ThreeZeroQueries>();
        services.AddSingleton<ComputeMonthlyRanking>();
        services.AddSingleton<RunDueRanking>();
        services.AddSingleton<RankingQueries>();
        services.AddSingleton<RankingExport>();
        services.AddSingleton(new OutboxTemplate(RankingCircular.Template, nameof(RankingCircular)));
        return services;
    }
}
