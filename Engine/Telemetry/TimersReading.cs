using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Telemetry;

/// <summary>Timers pending and failing, read through the pending-due index (<c>ix_timers_pending_due</c>); the columns are named as the context's snake-case convention reads them.</summary>
public sealed class TimersReading(IDbContextFactory<EngineDbContext> dbFactory, EngineMetrics metrics) : IPeriodicReading
{
    public async Task ReadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Database
            .SqlQueryRaw<Counts>(
                """
                SELECT count(*) AS pending, count(*) FILTER (WHERE failed_attempts > 0) AS failing, now() AS at
                FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL
                """)
            .SingleAsync(ct);
        metrics.ReportTimers(new TimerReading(counts.Pending, counts.Failing, counts.At));
    }

    private sealed record Counts(long Pending, long Failing, DateTimeOffset At);
}
