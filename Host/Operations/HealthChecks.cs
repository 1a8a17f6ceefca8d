using Governance.Workflows;
using Governance.Workflows.Calendar;
using Governance.Workflows.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Governance.Host.Operations;

/// <summary>PostgreSQL answers.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<WorkflowDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("PostgreSQL 无法连接");
    }
}

/// <summary>This node's Quartz scheduler is running.</summary>
public sealed class QuartzHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy(scheduler.SchedulerInstanceId)
            : HealthCheckResult.Unhealthy($"Quartz 调度器状态：{status}");
    }
}

/// <summary>Hangfire's storage answers and at least one server is alive.</summary>
public sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = storage.GetMonitoringApi().Servers();
        return Task.FromResult(servers.Count > 0
            ? HealthCheckResult.Healthy($"{servers.Count} server(s)")
            : HealthCheckResult.Unhealthy("没有运行中的 Hangfire 服务器"));
    }
}

/// <summary>
/// Degraded when the holiday data of the current or coming year is missing: limits into it are
/// provisional (暂定) meanwhile, nothing is refused, so it is never Unhealthy.
/// </summary>
public sealed class CalendarHealthCheck(WorkingCalendar calendar, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(CalendarCoverage.Check(calendar, clock.GetUtcNow()) is { } warning
            ? HealthCheckResult.Degraded(warning.Message)
            : HealthCheckResult.Healthy());
}
