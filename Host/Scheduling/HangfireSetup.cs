using Governance.Host.Operations;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Governance.Host.Scheduling;

/// <summary>Configuration section <c>Hangfire</c>.</summary>
public sealed class HangfireSettings
{
    public const string Section = "Hangfire";

    public int WorkerCount { get; set; } = 10;

    /// <summary>
    /// Whether idle workers wait on PostgreSQL LISTEN/NOTIFY (channel <c>new_job</c>) for a job
    /// enqueued on any node, instead of finding it by polling alone. Each worker then holds one
    /// more connection while it waits (it LISTENs on its own), and every enqueue sends a NOTIFY
    /// with its commit. A job enqueued in this process wakes a worker either way (in memory).
    /// </summary>
    public bool EnableLongPolling { get; set; } = true;

    /// <summary>
    /// How often each idle worker looks at the job queue. With long polling this is only the
    /// fallback for a notification lost with a broken listener connection (Hangfire.PostgreSql
    /// issue #410); without it, how long a job enqueued on another node waits. Every worker
    /// polls, and each poll is a transaction plus the pooled connection's reset: the idle cost is
    /// about 2 × <see cref="WorkerCount"/> ÷ this a second (10 workers every 200 ms were 143 of an
    /// idle Host's 144 transactions a second; BENCHMARKS.md, "Idle"). Default 10 s: a worker's
    /// listener is opened anew on each fetch, so a NOTIFY sent before its LISTEN is missed (once seen
    /// in the suite: owed mail 30 s late), and the promise of mail within 30 s of SMTP's return
    /// must hold without the notification.
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a fetched job stays hidden from other workers without a keep-alive. With the sliding
    /// timeout a live worker renews it every fifth of this, so a job whose process died (kill -9,
    /// power loss) is fetched again after at most this long. Hangfire.PostgreSql's default is 30 min.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Hangfire.PostgreSql's distributed locks (e.g. a job's state lock, held for the moment its
    /// state changes) are rows; a lock row older than this is taken to be a dead holder's and
    /// removed. Default 10 min: a Host killed mid state change would stall that job as long.
    /// </summary>
    public TimeSpan DistributedLockTimeout { get; set; } = TimeSpan.FromMinutes(1);
}

public static class HangfireSetup
{
    /// <summary>Hangfire on the same PostgreSQL (schema <c>hangfire</c>), delivering the outbox's emails.</summary>
    public static IServiceCollection AddEmailDelivery(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var settings = configuration.GetSection(HangfireSettings.Section).Get<HangfireSettings>() ?? new HangfireSettings();
        var storageOptions = new PostgreSqlStorageOptions
        {
            // Made by the owner role at start-up (DatabaseSchema); this role may not create tables.
            SchemaName = DatabaseSchema.HangfireSchemaName,
            PrepareSchemaIfNecessary = false,
            QueuePollInterval = settings.QueuePollInterval,
            EnableLongPolling = settings.EnableLongPolling,

            // A job whose worker died comes back once its lease (InvisibilityTimeout) lapses.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = settings.InvisibilityTimeout,
            DistributedLockTimeout = settings.DistributedLockTimeout,
        };

        // Storage and job activator are this Host's own. Hangfire's defaults are process-wide
        // (JobStorage.Current, JobActivator.Current): two Hosts in one process, as the tests run
        // them, each on its own database, could otherwise run each other's jobs against the wrong
        // database. AddHangfire only adds a storage if none is registered.
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((provider, o) =>
        {
            // Jobs are built from this Host's services; the default is the process-wide
            // JobActivator.Current, the last Host's to configure Hangfire.
            o.Activator = new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            o.Queues = ["email", "default"];
            o.WorkerCount = settings.WorkerCount;
        });
        return services;
    }
}
