using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.SafetyCampaign.Incidents;

public static class IncidentsServiceCollectionExtensions
{
    /// <summary>The accident and case registers (事故、案件): their limits (section <c>SafetyCampaign:Incidents</c>), use cases and queries.</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IncidentOptions>()
            .Bind(configuration.GetSection(IncidentOptions.Section))
            .Validate(o => o.IsValid, $"{IncidentOptions.Section}: RegisterWithinDays must lie in (0, 366], MaxListed in [1, 5000].")
            .ValidateOnStart();
        services.AddSingleton<IncidentRegister>();
        services.AddSingleton<RegisterAccidentHandler>();
        services.AddSingleton<RegisterCaseHandler>();
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<IncidentRegisterExport>();
        return services;
    }
}
