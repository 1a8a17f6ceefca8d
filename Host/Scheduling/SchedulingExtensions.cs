using Governance.Workflows;
using Governance.Engine.Calendar;
using Quartz;

namespace Governance.Host.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>Quartz.NET, clustered, its job store in the same PostgreSQL (tables <c>qrtz_*</c>, made by the owner role).</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var section = configuration.GetSection(SchedulingOptions.Section);
        services.Configure<SchedulingOptions>(section);
        var pumpPeriod = section.Get<SchedulingOptions>()?.TimerPumpPeriod ?? new SchedulingOptions().TimerPumpPeriod;

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "governance";
                s.GenerateInstanceId = true;
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(WorkflowsServiceCollectionExtensions.TunedConnectionString(connectionString));
                s.UseSystemTextJsonSerializer();
                s.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(10));

                // The tables are the owner role's to create (DatabaseSchema); the store only checks
                // at start that they are there (SchemaProvisioning.Validate, the default).
            });

            q.AddJob<TimerPumpJob>(j => j.WithIdentity(TimerPumpJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(TimerPumpJob.Key).WithIdentity(TimerPumpJob.Trigger)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(pumpPeriod).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<CalendarCoverageJob>(j => j.WithIdentity(CalendarCoverageJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(CalendarCoverageJob.Key).WithIdentity("calendar-coverage")
                .WithCronSchedule("0 0 8 * * ?", c => c.InTimeZone(ChinaTime.Zone)));

            q.AddJob<AppointmentReminderJob>(j => j.WithIdentity(AppointmentReminderJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(AppointmentReminderJob.Key).WithIdentity("appointment-reminders")
                .WithCronSchedule("0 0 18 * * ?", c => c.InTimeZone(ChinaTime.Zone)));

            q.AddJob<QueueDayEndJob>(j => j.WithIdentity(QueueDayEndJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(QueueDayEndJob.Key).WithIdentity("queue-day-end")
                .WithCronSchedule("0 */15 * * * ?", c => c.InTimeZone(ChinaTime.Zone)));

            q.AddJob<MonthlyRankingJob>(j => j.WithIdentity(MonthlyRankingJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(MonthlyRankingJob.Key).WithIdentity("monthly-ranking")
                .WithCronSchedule("0 0 7 * * ?", c => c.InTimeZone(ChinaTime.Zone)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
