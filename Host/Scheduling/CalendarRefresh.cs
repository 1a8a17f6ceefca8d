using Governance.Workflows.Calendar;
using Governance.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Governance.Host.Scheduling;

/// <summary>
/// Loads the holiday years the administrator entered before the Host serves anything, then
/// reloads them on a poll: an entry made on another node reaches this one within the poll.
/// Every node runs it (not a clustered Quartz job, which would run on one node only). After each
/// reload it recomputes the provisional limits that a newly entered year settles (none, nearly always).
/// </summary>
public sealed class CalendarRefresh(HolidayYears years, RecomputeProvisionalLimits recompute, IOptions<SchedulingOptions> options, ILogger<CalendarRefresh> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await years.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CalendarRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await years.RefreshAsync(stoppingToken);
                await recompute.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or FormatException)
            {
                log.LogWarning(ex, "Could not reload the holiday years; the calendar keeps the ones it has");
            }
        }
    }
}
