namespace Governance.Engine.Telemetry;

/// <summary>
/// A figure only the database knows (timers pending, mail owed, tickets waiting): one short query,
/// run every little while by the Host (<c>OpenTelemetry:ReadingInterval</c>), whose result goes to
/// <see cref="EngineMetrics"/>, where the gauges read it. So a scrape costs no query, and an idle
/// Host pays one short query per reading an interval.
/// </summary>
public interface IPeriodicReading
{
    Task ReadAsync(CancellationToken ct);
}
