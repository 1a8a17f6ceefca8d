using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Engine.Telemetry;

/// <summary>Timers pending and failing, read through the pending-due index (<c>ix_timers_pending_due</c>); the columns are named as the context's snake-case convention reads them.</summary>
public sealed class TimersReading(IDbContextFactory<EngineDbContext> dbFactory, EngineMetrics metrics, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : IPeriodicReading
{
    public async Task ReadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Database
            .SqlQueryRaw<Counts>(
                """
                SELECT count(*) AS pending, count(*) FILTER (WHERE failed_attempts > 0) AS failing
                FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL
                """)
            .SingleAsync(ct);

        // The domain clock, as the outbox's reading: the page shows both readings' times side by side.
        metrics.ReportTimers(new TimerReading(counts.Pending, counts.Failing, clock.GetUtcNow()));
    }

    private sealed record Counts(long Pending, long Failing);
}
