using System.Globalization;
using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Engine.Runtime;

/// <summary>An administrator's order to move the running instances of one version to another (版本迁移): each state they may be in, and where it goes.</summary>
public sealed record MigrationPlan(string Workflow, int? FromVersion, int? ToVersion, IReadOnlyDictionary<string, string>? StateMap, string? Reason);

/// <summary>What a migration did: how many instances it moved, from each state.</summary>
public sealed record MigrationResult(int Moved, IReadOnlyDictionary<string, int> ByState);

/// <summary>How many instances of a definition version are in a state, and how many of them still run.</summary>
public sealed record StateCount(string Workflow, int Version, string State, int Instances, int Running);

/// <summary>A state of a definition version with its instances: all of them, and those still running.</summary>
public sealed record VersionState(string State, string DisplayName, bool IsFinal, int Instances, int Running);

/// <summary>A definition version as the administrator sees it (系统管理·流程版本), its states in declared order.</summary>
public sealed record DefinitionVersion(string Name, int Version, string DisplayName, bool IsLatest, int Running, IReadOnlyList<VersionState> States);

/// <summary>
/// Moves running instances to another version of their definition, by an administrator's explicit
/// order only: instances otherwise finish on the version they started with. The plan is checked
/// whole before anything moves (every mapped state exists on both sides; every state that has
/// running instances is mapped), then each instance moves in a transaction of its own, claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> so a move of a person's in flight is waited for by nobody and a
/// second run finds nothing left. An instance mapped to the state it is in keeps its clock (deadline,
/// timers, pause); one mapped to another state leaves its state and enters the new one, as a move
/// does. The limits an instance pinned at its start stay; a limit only the new version configures
/// is pinned as configuration says at the migration. Each writes a 台账 line naming who ordered it
/// and why.
/// </summary>
public sealed class MigrateInstances(WorkflowRuntime runtime)
{
    private const string Claim =
        """
        SELECT i.id AS instance_id FROM wf.instances i
        WHERE i.definition_name = $1 AND i.definition_version = $2 AND i.closed_at IS NULL AND i.id > $3
        ORDER BY i.id LIMIT 1
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>Every registered version of every definition, with its instances per state.</summary>
    public async Task<IReadOnlyList<DefinitionVersion>> OverviewAsync(CancellationToken ct)
    {
        var counts = (await CountsAsync(ct)).ToDictionary(c => (c.Workflow, c.Version, c.State));
        return [.. runtime.Registry.All.Select(d =>
        {
            var states = d.StatesInOrder.Select(s =>
            {
                var c = counts.GetValueOrDefault((d.Name, d.Version, s.Name));
                return new VersionState(s.Name, s.DisplayName, s.IsFinal, c?.Instances ?? 0, c?.Running ?? 0);
            }).ToList();
            return new DefinitionVersion(d.Name, d.Version, d.DisplayName, runtime.Registry.FindLatest(d.Name)!.Version == d.Version, states.Sum(s => s.Running), states);
        })];
    }

    /// <summary>Instances per definition version and state, all of them and those still running.</summary>
    private Task<List<StateCount>> CountsAsync(CancellationToken ct) =>
        runtime.InTransactionAsync(
            (db, token) => db.Instances.AsNoTracking()
                .GroupBy(i => new { i.DefinitionName, i.DefinitionVersion, i.State })
                .Select(g => new StateCount(g.Key.DefinitionName, g.Key.DefinitionVersion, g.Key.State, g.Count(), g.Count(i => i.ClosedAt == null)))
                .ToListAsync(token),
            ct);

    /// <summary>Checks <paramref name="plan"/> (a 400 naming the field, nothing moved, when it does not hold) and moves every running instance it covers; null when the workflow is unknown.</summary>
    public async Task<MigrationResult?> RunAsync(MigrationPlan plan, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        var registry = runtime.Registry;
        if (registry.FindLatest(plan.Workflow) is null)
        {
            return null;
        }

        var from = plan.FromVersion is { } f ? registry.Find(plan.Workflow, f) : null;
        var to = plan.ToVersion is { } t ? registry.Find(plan.Workflow, t) : null;
        var versions = string.Join("、", registry.All.Where(d => d.Name == plan.Workflow).Select(d => d.Version));
        var map = plan.StateMap ?? new Dictionary<string, string>();
        var validation = new Validation()
            .Check(from is not null, "fromVersion", $"应为已注册的版本（{versions}）之一")
            .Check(to is not null, "toVersion", $"应为已注册的版本（{versions}）之一")
            .Check(from is null || to is null || from.Version != to.Version, "toVersion", "目标版本不能与原版本相同")
            .Text(plan.Reason, "reason", 500);
        if (from is not null && to is not null)
        {
            foreach (var (old, target) in map)
            {
                validation
                    .Check(from.States.ContainsKey(old), $"stateMap.{old}", $"版本 {from.Version} 没有状态“{old}”")
                    .Check(to.States.ContainsKey(target ?? ""), $"stateMap.{old}", $"版本 {to.Version} 没有状态“{target}”")
                    .Check(!to.States.TryGetValue(target ?? "", out var state) || !state.IsFinal, $"stateMap.{old}", $"不能迁移到终止状态“{state?.DisplayName}”");
            }

            var running = (await CountsAsync(ct)).Where(c => c.Workflow == from.Name && c.Version == from.Version && c.Running > 0).ToList();
            var unmapped = running.Where(c => !map.ContainsKey(c.State)).Select(c => $"{from.States[c.State].DisplayName}（{c.State}，{c.Running} 件）").ToList();
            validation.Check(unmapped.Count == 0, "stateMap", $"以下状态尚有运行中的事项，须指定迁移到的状态：{string.Join("、", unmapped)}");
        }

        validation.ThrowIfInvalid();
        var reason = string.Create(CultureInfo.InvariantCulture, $"由版本 {from!.Version} 迁移至版本 {to!.Version}：{plan.Reason!.Trim()}");
        var (after, byState) = (Guid.Empty, new Dictionary<string, int>());
        while (await runtime.InTransactionAsync((db, token) => MoveNextAsync(db, from, to, map, after, actor, reason, token), ct) is { } moved)
        {
            after = moved.Id;
            byState[moved.FromState] = byState.GetValueOrDefault(moved.FromState) + 1;
        }

        return new MigrationResult(byState.Values.Sum(), byState);
    }

    /// <summary>Claims the next running instance of <paramref name="from"/> after <paramref name="after"/> and moves it; null when none is left.</summary>
    private async Task<(Guid Id, string FromState)?> MoveNextAsync(
        EngineDbContext db, WorkflowDefinition from, WorkflowDefinition to, IReadOnlyDictionary<string, string> map, Guid after, Actor actor, string reason, CancellationToken ct)
    {
        var claimed = await db.ClaimAsync(
            Claim,
            [new NpgsqlParameter { Value = from.Name }, new NpgsqlParameter { Value = from.Version }, new NpgsqlParameter { Value = after }],
            _ => 0,
            ct);
        if (claimed is not ({ } instance, _))
        {
            return null;
        }

        var (now, oldState, fromVersion) = (runtime.Now, instance.State, instance.Version);
        var target = map[oldState];

        // A paused clock may stay paused only where the new version lets it be resumed.
        var keepsClock = target == oldState && (instance.ClockPausedAt is null || to.States[target].Pause is not null);
        if (instance.Repin(to.Version, runtime.ConfiguredLimits(to)))
        {
            db.Rows.PinLimits(instance);
        }

        if (keepsClock)
        {
            instance.Touch(now);
            db.Rows.Update(instance, fromVersion);
            db.Rows.CarryTimers(instance.Id, fromVersion, instance.Version);
            db.Rows.Insert(new LedgerEntry(instance, LedgerKind.Migrated, "migrate", oldState, actor, reason, now));
            return (instance.Id, oldState);
        }

        if (instance.ClockPausedAt is not null)
        {
            db.Rows.EndPause(instance.Id, actor, now);
        }

        instance.MoveTo(target, isFinal: false, now);
        db.Rows.Move(instance, fromVersion, new LedgerEntry(instance, LedgerKind.Migrated, "migrate", oldState, actor, reason, now), actor, now);
        await runtime.EnterStateAsync(new TransitionContext(db, instance, to, actor, reason, now, runtime.Calendar), ct);
        return (instance.Id, oldState);
    }
}
