using Hangfire;
using Hangfire.PostgreSql;

namespace Governance.Host.Scheduling;

/// <summary>Configuration section <c>Hangfire</c>.</summary>
public sealed class HangfireSettings
{
    public const string Section = "Hangfire";

    public int WorkerCount { get; set; } = 10;

    /// <summary>Hangfire.PostgreSql's default of 15 s would delay an escalation email by as much; jobs enqueued on another node wait up to this.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}

public static class HangfireSetup
{
    /// <summary>Hangfire on the same PostgreSQL (schema <c>hangfire</c>), delivering the outbox's emails.</summary>
    public static IServiceCollection AddEmailDelivery(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var settings = configuration.GetSection(HangfireSettings.Section).Get<HangfireSettings>() ?? new HangfireSettings();
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                o => o.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = settings.QueuePollInterval,

                    // A job whose worker died comes back as soon as its lease lapses, not after 30 minutes.
                    UseSlidingInvisibilityTimeout = true,
                }));
        services.AddHangfireServer(o =>
        {
            o.Queues = ["email", "default"];
            o.WorkerCount = settings.WorkerCount;
        });
        return services;
    }
}
