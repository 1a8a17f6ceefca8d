using System.Data.Common;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Administration;
using Governance.Workflows.PovertyMonitoring;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Ranking;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Engine.Storage;
using Governance.Engine.Telemetry;
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
        services.AddSingleton<IDbContextFactory<EngineDbContext>, EngineContexts>();
        services.AddSingleton(_ => new WorkingCalendar(HolidayYears.Shipped));
        services.AddSingleton<HolidayYears>();
        services.AddSingleton<EnterHolidayYearHandler>();
        services.AddSingleton(ExtendedHoursWorkflow.Definition);
        services.AddSingleton(sp => new WorkflowRegistry(sp.GetServices<WorkflowDefinition>(), Roles.Catalogue));
        // The engine's figures, on the container's meter factory (the Host's builder registers it).
        services.AddSingleton<EngineMetrics>();
        services.AddSingleton<IPeriodicReading, TimersReading>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<OpenCaseQueries>();
        services.AddSingleton<ChildInstanceQueries>();
        services.AddSingleton<CatalogueQueries>();
        services.AddSingleton<SetHallHoursHandler>();
        services.AddSingleton<KeepCatalogueHandler>();
        services.AddSingleton<SetServiceGuideHandler>();
        services.AddSingleton<RevealPersonalDataHandler>();
        services.AddSingleton<RevealQueries>();
        services.AddSingleton<TimerPump>();
        services.AddSingleton<RecomputeProvisionalLimits>();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<MigrateInstances>();

        // The instance console (实例查询): administrators find and mend instances of every definition.
        services.AddSingleton<InstanceSearch>();
        services.AddSingleton<InstanceDetails>();
        services.AddSingleton<Engine.Administration.CancelInstance>();
        services.AddSingleton<Engine.Administration.RetryTimer>();
        services.AddSingleton<Engine.Administration.ResendEmail>();

        services.Configure<AdministrationOptions>(configuration.GetSection(AdministrationOptions.Section));
        services.AddSingleton<CalendarCoverageReminder>();
        services.AddSingleton(new OutboxTemplate(CalendarCoverageReminder.Template, nameof(CalendarCoverageReminder)));
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
        services.AddPovertyMonitoring(configuration);
        return services;
    }

    /// <summary>The provider settings every context of the domain store uses (also the design-time factory's).</summary>
    public static DbContextOptionsBuilder UseGovernanceDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(TunedConnectionString(connectionString), MigrationsHistory)
            .UseSnakeCaseNamingConvention()
            .QuietConnectionErrors();

    /// <summary>
    /// The same settings over a data source the caller built (with <see cref="TunedConnectionString"/>):
    /// the transitions benchmark logs one transition's statements through it, to replay them in pgbench.
    /// </summary>
    public static DbContextOptionsBuilder UseGovernanceDatabase(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, MigrationsHistory)
            .UseSnakeCaseNamingConvention()
            .QuietConnectionErrors();

    private static void MigrationsHistory(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable("__migrations", "wf");

    /// <summary>
    /// The connection string with the pool settings the domain store and Quartz want, each unless the
    /// string sets it. Npgsql's own builder cannot tell what is set: its ContainsKey is true for
    /// every keyword it knows, set or not (so a default applied through it was never applied).
    /// </summary>
    public static string TunedConnectionString(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // The same few statements run for every transition: let Npgsql prepare them once per
        // connection instead of parsing and planning them anew (BENCHMARKS.md, "Timers").
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey(nameof(builder.MaxAutoPrepare)))
        {
            builder.MaxAutoPrepare = 64;
        }

        // A pooled connection is otherwise reset when it is next handed out: with prepared
        // statements kept, that is CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD
        // SEQUENCES and DISCARD TEMP, a transaction of its own each time. Nothing on these
        // connections leaves session state behind (no SET, LISTEN, advisory lock or temporary table:
        // the owner's provisioning lock is on an unpooled connection; Hangfire's listeners are on its
        // own connection string), and the resets were most of an idle Host's transactions
        // (BENCHMARKS.md, "Idle").
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey(nameof(builder.NoResetOnClose)))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
