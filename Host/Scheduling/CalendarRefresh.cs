using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Host.Scheduling;

/// <summary>
/// Loads the holiday years the administrator entered before the Host serves anything, then
/// reloads them on a poll: an entry made on another node reaches this one within the poll.
/// Every node runs it (not a clustered Quartz job, which would run on one node only).
/// </summary>
/// <remarks>
/// A database outage neither stops the Host's start nor ends the poll: the calendar keeps the
/// years it has (at worst the shipped ones) and the load is retried with backoff until the
/// database answers, then the poll goes on at its pace.
/// </remarks>
public sealed class CalendarRefresh(HolidayYears years, RecomputeProvisionalLimits recompute, IOptions<SchedulingOptions> options, ILogger<CalendarRefresh> log) : BackgroundService
{
    private readonly OutageBackoff _outage = new("calendar refresh", log);

    /// <summary>When the next load is due: at once if the load at start-up did not reach the database.</summary>
    private TimeSpan _wait;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _wait = await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(_wait, stoppingToken);
            _wait = await RefreshAsync(stoppingToken);
        }
    }

    /// <summary>One load; returns how long to wait before the next.</summary>
    private async Task<TimeSpan> RefreshAsync(CancellationToken ct)
    {
        try
        {
            await years.RefreshAsync(ct);

            // A year another node entered settles the provisional limits here too (idempotent).
            await recompute.RunAsync(ct);
            _outage.Succeeded();
        }
        catch (Exception ex) when (DatabaseOutage.IsOutage(ex) && !ct.IsCancellationRequested)
        {
            return _outage.Failed(ex);
        }
        catch (FormatException ex)
        {
            log.LogWarning(ex, "Could not reload the holiday years; the calendar keeps the ones it has");
        }

        return options.Value.CalendarRefreshInterval;
    }
}
