using Governance.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.PovertyMonitoring;

public static class PovertyMonitoringServiceCollectionExtensions
{
    /// <summary>防返贫动态监测: its threshold and limits (section <c>PovertyMonitoring</c>), the warning's definition, its use cases and queries.</summary>
    public static IServiceCollection AddPovertyMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PovertyOptions>()
            .Bind(configuration.GetSection(PovertyOptions.Section))
            .Validate(o => o.IsValid, $"{PovertyOptions.Section}: MedicalThresholdYuan must lie in (0, 10000000]; VerifyWorkingDays and ReviewWorkingDays in (0, 30], PlanWorkingDays in (0, 60], FollowUpWorkingDays in (0, 66]; MaxFileBytes in (0, 100 MB].")
            .ValidateOnStart();
        services.AddSingleton(PovertyWarningWorkflow.Definition);
        services.AddSingleton<ImportScreeningHandler>();
        services.AddSingleton<ReportHouseholdHandler>();
        services.AddSingleton<VerifyHouseholdHandler>();
        services.AddSingleton<ReviewWarningHandler>();
        services.AddSingleton<PlanAssistanceHandler>();
        services.AddSingleton<FollowUpHouseholdHandler>();
        services.AddSingleton<EliminateRiskHandler>();
        services.AddSingleton<PovertyQueries>();
        services.AddSingleton<Privacy.IPersonInstances, WarningPersons>();
        return services;
    }
}
