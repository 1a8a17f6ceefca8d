using Governance.Engine.Storage;
using Governance.Engine.Telemetry;
using Microsoft.Extensions.Options;

namespace Governance.Host.Observability;

/// <summary>
/// Every <see cref="TelemetryOptions.ReadingInterval"/>, each <see cref="IPeriodicReading"/> once
/// (timers, outbox, queues: a short query each), so that the gauges show a reading at most that
/// old and a scrape queries nothing; then the 运行指标 page's history takes its sample. Every Host
/// reads for itself: each reports the same database-wide figures (aggregate them with <c>max</c>).
/// </summary>
public sealed class PeriodicReadings(IEnumerable<IPeriodicReading> readings, EngineFigures figures, IOptions<TelemetryOptions> options, ILogger<PeriodicReadings> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReadingInterval);
        do
        {
            foreach (var reading in readings)
            {
                try
                {
                    await reading.ReadAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A database away is the other loops' to report, once per outage; the gauges keep their last reading.
                    if (!DatabaseOutage.IsOutage(ex))
                    {
                        log.LogError(ex, "The reading {Reading} for the gauges failed", reading.GetType().Name);
                    }
                }
            }

            figures.Sample();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
