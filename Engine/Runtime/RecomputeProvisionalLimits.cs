using Governance.Engine.Storage;
using System.Globalization;
using Governance.Engine.Calendar;
using Npgsql;

namespace Governance.Engine.Runtime;

/// <summary>
/// Once a year's holiday arrangement is entered, every open limit that was counted provisionally
/// (暂定) through that year is counted again by the entered arrangement: the instance's due instant,
/// its pending warning and expiry timers and its open work items move to the new points, with a
/// 台账 line saying from what to what. One transaction per instance, claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>: any number of nodes may run it side by side or again after a crash,
/// and an instance recomputed once no longer matches (its provisional year is now entered), so it
/// is never recomputed twice. Every node runs it after each reload of the calendar, so an instance a
/// node started while its calendar still lacked the year is caught within a reload.
/// </summary>
public sealed class RecomputeProvisionalLimits(WorkflowRuntime runtime)
{
    private const string Claim =
        """
        SELECT i.id AS instance_id, i.due_provisional_year FROM wf.instances i
        WHERE i.due_provisional_year = ANY($1) AND i.closed_at IS NULL AND i.id > $2
        ORDER BY i.id LIMIT 1
        FOR UPDATE SKIP LOCKED
        """;

    // Timers the pump holds at this moment are skipped, as when a state is left: the pump takes a
    // timer before its instance, so waiting for it while holding the instance could deadlock.
    private const string MoveTimers =
        """
        UPDATE wf.timers SET warn_at = CASE WHEN warn_at IS NOT NULL AND warned_at IS NULL THEN $3 ELSE warn_at END, due_at = $4,
            next_at = CASE WHEN warn_at IS NOT NULL AND warned_at IS NULL THEN $3 ELSE $4 END WHERE id IN (
            SELECT id FROM wf.timers
            WHERE instance_id = $1 AND instance_version = $2 AND fired_at IS NULL AND cancelled_at IS NULL
            FOR UPDATE SKIP LOCKED)
        """;

    private const string MoveWorkItems = "UPDATE wf.work_items SET due_at = $2 WHERE instance_id = $1 AND closed_at IS NULL";

    /// <summary>Recomputes every open provisional limit whose year is now entered; returns how many instances it moved.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var entered = runtime.Calendar.Years.ToArray();
        var (after, moved) = (Guid.Empty, 0);
        while (await runtime.InTransactionAsync((db, token) => RecomputeNextAsync(db, entered, after, token), ct) is { } done)
        {
            (after, moved) = (done, moved + 1);
        }

        return moved;
    }

    /// <summary>Claims the next instance after <paramref name="after"/> and recomputes it; null when none is left.</summary>
    private async Task<Guid?> RecomputeNextAsync(EngineDbContext db, int[] entered, Guid after, CancellationToken ct)
    {
        var claimed = await db.ClaimAsync(
            Claim,
            [new NpgsqlParameter { Value = entered }, new NpgsqlParameter { Value = after }],
            r => r.GetInt32(1),
            ct);
        if (claimed is not ({ } instance, var year))
        {
            return null;
        }

        var calendar = runtime.Calendar;
        var sla = runtime.Registry.For(instance).States[instance.State].Sla
            ?? throw new InvalidOperationException($"Instance {instance.Id} has a provisional limit in {instance.State}, which has none.");
        var (oldDue, enteredAt, now) = (instance.DueAt, instance.StateEnteredAt, runtime.Now);
        var (warnAt, dueAt) = sla.Limit.Schedule(new SlaContext(instance, enteredAt, calendar), sla.WarnFraction);
        var stillProvisional = calendar.FirstYearWithoutData(enteredAt, dueAt);
        instance.SetDue(dueAt, stillProvisional);
        db.Rows.Update(instance, instance.Version);
        db.Rows.AtCommit(MoveTimers, instance.Id, instance.Version, warnAt, dueAt);
        db.Rows.AtCommit(MoveWorkItems, instance.Id, dueAt);
        db.Rows.Insert(new LedgerEntry(instance, LedgerKind.LimitRecomputed, "limit-recomputed", instance.State, Actor.System, Reason(year, oldDue, dueAt, stillProvisional), now));
        return instance.Id;
    }

    private static string Reason(int year, DateTimeOffset? from, DateTimeOffset to, int? stillProvisional)
    {
        static string Show(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "无";
        var change = from == to ? $"仍为 {Show(to)}" : $"由 {Show(from)}（暂定）改为 {Show(to)}";
        var rest = stillProvisional is { } later ? $"；{later} 年安排未录入，仍为暂定" : "";
        return $"已录入 {year} 年节假日安排，办理时限按此重算：{change}{rest}";
    }
}
