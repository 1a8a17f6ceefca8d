using System.Globalization;
using Governance.Engine;
using Governance.Engine.Storage;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Quartz;

namespace Governance.Host.Operations;

/// <summary>
/// How every check that needs the database answers during an outage: at once and in Chinese,
/// "unhealthy, this part cannot reach its store", never by throwing (the framework would answer
/// in English) and never after Npgsql's 15 s connect timeout: /health says which part is down
/// while it is down.
/// </summary>
internal static class StoreCheck
{
    /// <summary>Longer than a healthy answer takes on a busy node, far shorter than a connect timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<HealthCheckResult> RunAsync(string part, Func<CancellationToken, Task<HealthCheckResult>> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await check(timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"{part}：{Timeout.TotalSeconds:0} 秒内无应答"));
        }
        catch (Exception ex) when (DatabaseOutage.IsOutage(ex))
        {
            return HealthCheckResult.Unhealthy($"{part}：数据库无法访问", ex);
        }
    }
}

/// <summary>PostgreSQL answers a query: a round trip, since a pooled connection opens without one, even when the server has ended its session.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<WorkflowDbContext> dbFactory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StoreCheck.RunAsync("PostgreSQL", async ct =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
            return HealthCheckResult.Healthy();
        }, cancellationToken);
}

/// <summary>
/// This node's Quartz scheduler is running and checks in to its cluster: its row in
/// <c>qrtz_scheduler_state</c> is fresh. Read directly, not through Quartz's API, which retries
/// a failed store read four times a second apart, past this check's timeout.
/// </summary>
public sealed class QuartzHealthCheck(ISchedulerFactory schedulers, IDbContextFactory<WorkflowDbContext> dbFactory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StoreCheck.RunAsync("Quartz 调度器", async ct =>
        {
            var scheduler = await schedulers.GetScheduler(ct);
            var status = await scheduler.GetStatus(ct);
            if (status != SchedulerStatus.Running)
            {
                return HealthCheckResult.Unhealthy($"Quartz 调度器状态：{status}");
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                "SELECT last_checkin_time, checkin_interval FROM qrtz_scheduler_state WHERE sched_name = $1 AND instance_name = $2", connection);
            command.Parameters.Add(new() { Value = scheduler.SchedulerName });
            command.Parameters.Add(new() { Value = scheduler.SchedulerInstanceId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return HealthCheckResult.Unhealthy("Quartz 调度器尚未登记到集群");
            }

            // Quartz keeps .NET ticks (UTC) and milliseconds; two missed check-ins mean it cannot write its store.
            var since = DateTimeOffset.UtcNow - new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero);
            var interval = TimeSpan.FromMilliseconds(reader.GetInt64(1));
            return since <= 2 * interval
                ? HealthCheckResult.Healthy($"本节点 {scheduler.SchedulerInstanceId} 按时登记到集群")
                : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"Quartz 调度器已 {since.TotalSeconds:0} 秒未能登记到集群"));
        }, cancellationToken);
}

/// <summary>Hangfire's storage answers and at least one server is alive.</summary>
public sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StoreCheck.RunAsync("Hangfire", async ct =>
        {
            // Hangfire's monitoring API is synchronous: off the request's thread, so the timeout holds.
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), ct);
            return servers.Count > 0
                ? HealthCheckResult.Healthy($"{servers.Count} 个 Hangfire 服务器在运行")
                : HealthCheckResult.Unhealthy("没有运行中的 Hangfire 服务器");
        }, cancellationToken);
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
