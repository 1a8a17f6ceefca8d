using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Host.Demo;

/// <summary>
/// What the administrator's instance console (实例查询) has to find on a fresh demo: a 邻里纠纷 of the
/// first village, registered by its linkage team about four working days ago and not moved since,
/// whose limit's warning (临期预警) to its town's official failed to go out ten times and waits about
/// 43 minutes for its next try. The dispute is registered through the engine at that past instant,
/// so its 台账, limit and warning are what they would have been; only the failed tries are written as history
/// (in this demo's story the database was away for a while when the warning fell due; the timer
/// pump records a failure exactly so: <c>failed_attempts</c>, <c>outcome</c>, and the back-off to
/// <c>next_at</c>). The administrator finds it under 故障 → 定时器触发失败 and fires it again
/// (重新触发); left alone, the pump tries again by itself when that wait is up. Seeded once: a
/// database that has the dispute (by its summary) is left alone, whatever became of it.
/// </summary>
internal static class StuckDisputeDemo
{
    public const string Summary = "【演示】村民反映邻居新建院墙占用本家宅前通道，双方多次争执，村调解员已上门调解一次，未达成一致。";

    /// <summary>The failed tries, the last one now; the pump waits <see cref="TimerPump.RetryDelay"/> after each.</summary>
    private const int FailedAttempts = 10;

    /// <summary>The wait after the tenth failure, as the pump sets it: 5 s × 2⁹, about 43 minutes.</summary>
    private static readonly TimeSpan NextTry = TimerPump.RetryDelay(FailedAttempts - 1);

    public static async Task SeedAsync(
        IDbContextFactory<WorkflowDbContext> workflows, IDbContextFactory<EngineDbContext> dbFactory, WorkflowRuntime runtime, IConfiguration configuration,
        IOptions<DisputeOptions> options, Township town, Place village, Actor team, CancellationToken ct)
    {
        await using (var db = await workflows.CreateDbContextAsync(ct))
        {
            if (await db.Set<Dispute>().AnyAsync(d => d.PlaceId == village.Id && d.Summary == Summary, ct))
            {
                return;
            }
        }

        var now = runtime.Now;
        var levelDays = options.Value.VillageWorkingDays;
        var registeredAt = RegisteredAt(runtime.Calendar, now, levelDays);
        var then = new WorkflowRuntime(dbFactory, runtime.Registry, runtime.Calendar, new StandingClock(registeredAt), configuration);
        var dispute = await new RegisterDisputeHandler(then, options).HandleAsync(
            new RegisterDispute(DisputeKind.Dispute, MatterCategory.Neighbourhood, DisputeSource.WalkIn, village.Id, Summary,
                [new DisputePartyInput("郭建华", "13800000001", null, null), new DisputePartyInput("郭德胜", "13800000002", null, null)]),
            team,
            ct);

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var failed = await db.Timers
                .Where(t => t.InstanceId == dispute.Id && t.FiredAt == null && t.CancelledAt == null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(t => t.FailedAttempts, FailedAttempts)
                        .SetProperty(t => t.Outcome, "error: NpgsqlException")
                        .SetProperty(t => t.NextAt, t => t.DueAt < now + NextTry ? t.DueAt : now + NextTry),
                    ct);
            if (failed != 1)
            {
                throw new InvalidOperationException($"Demo: the dispute of {town.Name}{village.Name} has {failed} pending timers, not one.");
            }
        }
    }

    /// <summary>
    /// The latest hour of a working day's office hours (China time, 9:00–17:00) at which a matter
    /// registered has its warning (at <see cref="DisputeWorkflow.WarnFraction"/> of the village's
    /// days) due long enough ago for the failed tries, and its deadline still beyond the next try.
    /// </summary>
    private static DateTimeOffset RegisteredAt(WorkingCalendar calendar, DateTimeOffset now, double levelDays)
    {
        // The ten tries took the waits after the first nine: 5 s × (2⁹ − 1).
        var backOff = Enumerable.Range(0, FailedAttempts - 1).Aggregate(TimeSpan.Zero, (sum, n) => sum + TimerPump.RetryDelay(n));
        var hour = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerHour));
        for (var at = hour; at > now.AddDays(-30); at = at.AddHours(-1))
        {
            if (calendar.IsWorkingDay(ChinaTime.DateOf(at)) && ChinaTime.ToLocal(at).Hour is >= 9 and < 17
                && calendar.AddWorkingDays(at, levelDays * DisputeWorkflow.WarnFraction) <= now - backOff
                && calendar.AddWorkingDays(at, levelDays) > now + NextTry + TimeSpan.FromHours(1))
            {
                return at;
            }
        }

        throw new InvalidOperationException("Demo: no registration instant in the last 30 days gives a due warning and a deadline to come.");
    }

    /// <summary>The clock of the registration: it stands at that instant.</summary>
    private sealed class StandingClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
