using Governance.Engine;
using Governance.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Notifications;

/// <summary>The mail owed and the age of its oldest email, as /health reads them (<see cref="OutboxQueries.SummaryAsync"/>), for the gauges.</summary>
public sealed class OutboxBacklogReading(OutboxQueries queries, EngineMetrics metrics, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : IPeriodicReading
{
    public async Task ReadAsync(CancellationToken ct)
    {
        var summary = await queries.SummaryAsync(ct);

        // The domain clock, which wrote the rows' created_at.
        var now = clock.GetUtcNow();
        metrics.ReportOutbox(new OutboxReading(summary.Owed, now - summary.Oldest, now));
    }
}
