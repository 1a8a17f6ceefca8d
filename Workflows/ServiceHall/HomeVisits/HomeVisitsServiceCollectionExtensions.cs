using Governance.Workflows.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.ServiceHall.HomeVisits;

public static class HomeVisitsServiceCollectionExtensions
{
    /// <summary>上门服务: its definition (the registry collects every registered one), its limits (section <c>ServiceHall:HomeVisits</c>), its use cases and queries.</summary>
    public static IServiceCollection AddHomeVisits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HomeVisitOptions>()
            .Bind(configuration.GetSection(HomeVisitOptions.Section))
            .Validate(o => o.IsValid, $"{HomeVisitOptions.Section}: ReviewWorkingDays and ScheduleWorkingDays must lie in (0, 30], ScheduleHorizonDays in [1, 366].")
            .ValidateOnStart();
        services.AddSingleton(HomeVisitWorkflow.Definition);
        services.AddSingleton<RequestHomeVisitHandler>();
        services.AddSingleton<ReviewHomeVisitHandler>();
        services.AddSingleton<ScheduleHomeVisitHandler>();
        services.AddSingleton<RecordHomeVisitHandler>();
        services.AddSingleton<CloseHomeVisitHandler>();
        services.AddSingleton<CancelHomeVisitHandler>();
        services.AddSingleton<PauseHomeVisitClockHandler>();
        services.AddSingleton<ResumeHomeVisitClockHandler>();
        services.AddSingleton<HomeVisitQueries>();
        services.AddSingleton<IRevealSource, HomeVisitRevealSource>();
        services.AddSingleton<Privacy.IPersonInstances, HomeVisitPersons>();
        return services;
    }
}
