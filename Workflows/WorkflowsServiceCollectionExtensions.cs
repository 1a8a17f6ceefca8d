using System.Data.Common;
using Governance.Workflows.Calendar;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Ranking;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Governance.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>The domain and the workflow runtime on PostgreSQL (connection string <c>Governance</c>).</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Governance")
            ?? throw new InvalidOperationException("Connection string 'Governance' is not configured.");

        services.TryAddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        // A transition's client work is mostly per-context set-up otherwise (BENCHMARKS.md).
        services.AddPooledDbContextFactory<WorkflowDbContext>(o => o.UseGovernanceDatabase(connectionString));
        services.AddSingleton(_ => new WorkingCalendar(HolidayYears.Shipped));
        services.AddSingleton<HolidayYears>();
        services.AddSingleton<EnterHolidayYearHandler>();
        services.AddSingleton(ExtendedHoursWorkflow.Definition);
        services.AddSingleton(sp => new WorkflowRegistry(sp.GetServices<WorkflowDefinition>()));
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<OpenCaseQueries>();
        services.AddSingleton<CatalogueQueries>();
        services.AddSingleton<SetHallHoursHandler>();
        services.AddSingleton<KeepCatalogueHandler>();
        services.AddSingleton<RevealPersonalDataHandler>();
        services.AddSingleton<RevealQueries>();
        services.AddSingleton<TimerPump>();
        services.AddSingleton<RecomputeProvisionalLimits>();

        services.Configure<AdministrationOptions>(configuration.GetSection(AdministrationOptions.Section));
        services.AddSingleton<CalendarCoverageReminder>();
        services.Configure<ExtendedHoursOptions>(configuration.GetSection(ExtendedHoursOptions.Section));
        services.AddSingleton<RegisterExtendedHoursHandler>();
        services.AddSingleton<CloseExtendedHoursHandler>();
        services.AddSingleton<ExtendedHoursQueries>();
        services.AddAppointments(configuration);
        services.AddHomeVisits(configuration);
        services.AddRatings(configuration);
        services.AddQueue(configuration);
        services.AddSafetyCampaign(configuration);
        services.AddIncidents(configuration);
        services.AddRanking();
        return services;
    }

    /// <summary>The provider settings every context of the domain store uses (also the design-time factory's).</summary>
    public static DbContextOptionsBuilder UseGovernanceDatabase(this DbContextOptionsBuilder options, string connectionString)
    {
        // The same few statements run for every transition: let Npgsql prepare them once per connection,
        // unless the connection string sets it. Npgsql's own builder cannot tell: its ContainsKey is true
        // for every keyword it knows, set or not (so this was never applied and every statement was
        // parsed and planned anew: BENCHMARKS.md, "Timers").
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey(nameof(builder.MaxAutoPrepare)))
        {
            builder.MaxAutoPrepare = 64;
        }

        return options.UseNpgsql(builder.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__migrations", "wf"))
            .UseSnakeCaseNamingConvention()
            .QuietConnectionErrors();
    }
}
