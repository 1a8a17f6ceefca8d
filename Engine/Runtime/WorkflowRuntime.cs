using Governance.Engine.Storage;
using System.Globalization;
using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Engine.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Engine.Runtime;

/// <summary>
/// Starts instances and moves them. Every move is one PostgreSQL transaction: the instance row
/// (locked, version bumped), its ledger line, the work items it closes and opens, the timers it
/// cancels and sets, and the emails it owes (outbox). Nothing leaves the building inside it.
/// <paramref name="configuration"/> holds the definitions' configured limits (none: their defaults);
/// <paramref name="metrics"/> counts, times and traces every start and move (none: nothing is observed).
/// </summary>
public sealed class WorkflowRuntime(
    IDbContextFactory<EngineDbContext> dbFactory,
    WorkflowRegistry registry,
    WorkingCalendar calendar,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    IConfiguration? configuration = null,
    EngineMetrics? metrics = null)
{
    public WorkflowRegistry Registry => registry;

    public WorkingCalendar Calendar => calendar;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Where the engine's own parts (the timer pump) report what they observe; null when nothing is observed.</summary>
    internal EngineMetrics? Metrics => metrics;

    /// <summary>Raised after a commit of this process that owed emails.</summary>
    public OutboxSignal EmailsOwed { get; } = new();

    /// <summary>Raised after a commit of this process that set a timer, with its due instant.</summary>
    public TimerSignal TimersSet { get; } = new();

    /// <summary>Raised after a commit of this process with the topics it changed, for live pages.</summary>
    public ChangeSignal Changed { get; } = new();

    /// <summary>Runs <paramref name="work"/> in one transaction and commits what it changed; a throw rolls all of it back.</summary>
    public async Task<T> InTransactionAsync<T>(Func<EngineDbContext, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // The transaction is ours: a savepoint around SaveChanges would only add round trips.
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work(db, ct);
        await db.CommitAsync(ct);
        if (db.OwesEmail)
        {
            EmailsOwed.Raise();
        }

        if (db.EarliestTimerSet is { } due)
        {
            TimersSet.Raise(due);
        }

        Changed.Raise(db.ChangedTopics);
        return result;
    }

    /// <summary>Fires a stimulus in a transaction of its own.</summary>
    public Task<TransitionResult> FireAsync(Stimulus stimulus, CancellationToken ct = default) =>
        InTransactionAsync((db, token) => ApplyAsync(db, stimulus, token), ct);

    /// <summary>
    /// Creates an instance of the latest registered version of definition <paramref name="workflow"/>
    /// in its initial state, inside the caller's transaction, with the definition's configured
    /// limits as configuration says now pinned on it.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The definition is not started by <paramref name="actor"/>'s role (<see cref="WorkflowDefinition.Builder.StartedBy"/>).</exception>
    public Task<WorkflowInstance> StartAsync(EngineDbContext db, string workflow, string orgUnit, string title, object data, Actor actor, CancellationToken ct) =>
        StartAsync(db, Latest(workflow), parentId: null, orgUnit, title, data, actor, ct);

    /// <summary>
    /// Creates a child of <paramref name="parent"/> of the latest version of <paramref name="childWorkflow"/>
    /// in its initial state, inside the caller's transaction, which must hold the parent's row (it moved it, or
    /// locked it). The child runs on its own: its own limits, warnings, alerts and work items. A
    /// state of the parent that <see cref="WorkflowDefinition.StateBuilder.AwaitsChildren"/> moves on
    /// when the last open child finishes.
    /// </summary>
    public Task<WorkflowInstance> StartChildAsync(EngineDbContext db, WorkflowInstance parent, string childWorkflow, string orgUnit, string title, object data, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return StartAsync(db, Latest(childWorkflow), parent.Id, orgUnit, title, data, actor, ct);
    }

    private async Task<WorkflowInstance> StartAsync(EngineDbContext db, WorkflowDefinition definition, Guid? parentId, string orgUnit, string title, object data, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var observed = metrics?.StartTransition(definition.Name, EngineMetrics.StartTrigger, id) ?? default;
        try
        {
            EnsureMayStart(definition, actor);
            var instance = new WorkflowInstance(id, definition, orgUnit, title, data, ConfiguredLimits(definition), now, parentId);
            db.Rows.Insert(instance);
            db.Rows.Insert(new LedgerEntry(instance, LedgerKind.Started, "start", "", actor, null, now));
            await EnterStateAsync(new TransitionContext(db, instance, definition, actor, null, now, calendar) { Runtime = this }, ct);
            observed.Started();
            return instance;
        }
        catch (Exception ex)
        {
            observed.Fail(ex);
            throw;
        }
    }

    /// <summary>
    /// Refuses <paramref name="actor"/> unless the latest version of <paramref name="workflow"/> is started by their role, as
    /// <see cref="StartAsync"/> does; a use case calls it first to refuse before it validates anything.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The role does not start the definition.</exception>
    public void EnsureMayStart(string workflow, Actor actor) => EnsureMayStart(Latest(workflow), actor);

    private void EnsureMayStart(WorkflowDefinition definition, Actor actor)
    {
        if (!definition.MayStart(actor))
        {
            throw new UnauthorizedAccessException($"{registry.Roles.DisplayName(actor.Role)}不能发起“{definition.DisplayName}”");
        }
    }

    private WorkflowDefinition Latest(string workflow) =>
        registry.FindLatest(workflow) ?? throw new InvalidOperationException($"Workflow {workflow} is not registered.");

    /// <summary>The limits <paramref name="definition"/> configures, in days as configuration sets them now (or their defaults): what an instance pins.</summary>
    internal Dictionary<string, double> ConfiguredLimits(WorkflowDefinition definition) =>
        definition.ConfiguredLimits.ToDictionary(l => l.Key, Configured);

    /// <summary>The days configuration sets for <paramref name="limit"/> now, or its default.</summary>
    private double Configured(ConfiguredLimit limit)
    {
        if (configuration?[limit.Key] is not { } text)
        {
            return limit.DefaultDays;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && double.IsFinite(days) && days > 0
            ? days
            : throw new InvalidOperationException($"Configuration {limit.Key} must be a positive number of days, not '{text}'.");
    }

    /// <summary>Applies a stimulus inside the caller's transaction; anything but Applied changes nothing.</summary>
    public async Task<TransitionResult> ApplyAsync(EngineDbContext db, Stimulus stimulus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stimulus);
        return await ReachAsync(db, stimulus.InstanceId, stimulus.Workflow, stimulus.Actor, ct) is { } instance
            ? await ApplyLockedAsync(db, instance, stimulus, ct)
            : TransitionResult.NotFound;
    }

    /// <summary>
    /// A person's request to move instance <paramref name="id"/>, in one transaction: the row is
    /// locked and the caller's reach checked first, before <paramref name="prepare"/> reads or
    /// validates anything, so an instance out of reach answers exactly as one that does not exist,
    /// whatever the request held. <paramref name="prepare"/> then validates (throwing
    /// <see cref="RequestValidationException"/> rolls everything back) and says the stimulus, whose
    /// <see cref="Stimulus.Effect"/> changes the instance's facts and the feature's own rows (loaded
    /// here, tracked) once the move is allowed, in the same transaction.
    /// </summary>
    public Task<TransitionResult> MoveAsync(
        Guid id,
        string workflow,
        Actor actor,
        Func<EngineDbContext, WorkflowInstance, CancellationToken, Task<Stimulus>> prepare,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        return InTransactionAsync(
            async (db, token) =>
            {
                if (await ReachAsync(db, id, workflow, actor, token) is not { } instance)
                {
                    return TransitionResult.NotFound;
                }

                return await ApplyLockedAsync(db, instance, await prepare(db, instance, token), token);
            },
            ct);
    }

    /// <summary>As the other overload, for a request whose checks need nothing but the request itself.</summary>
    public Task<TransitionResult> MoveAsync(Guid id, string workflow, Actor actor, Func<Stimulus> prepare, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        return MoveAsync(id, workflow, actor, (_, _, _) => Task.FromResult(prepare()), ct);
    }

    /// <summary>Locks instance <paramref name="id"/> if it is of <paramref name="workflow"/> (when given) and within <paramref name="actor"/>'s reach; else null, whichever the reason.</summary>
    internal async Task<WorkflowInstance?> ReachAsync(EngineDbContext db, Guid id, string? workflow, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var instance = await db.LockInstanceAsync(id, ct);
        return instance is not null && (workflow ?? instance.DefinitionName) == instance.DefinitionName && registry.For(instance).Reaches(actor, instance)
            ? instance
            : null;
    }

    /// <summary>
    /// A move made at whatever version the row holds under its lock, without a reach check: the
    /// system's own (a registration routing what it just started), or a person's whose right was
    /// proven by other means in the same transaction (a booking's reference and phone, a rating
    /// link's token), for whom a second try is refused by the state it left.
    /// </summary>
    public async Task<TransitionResult> ApplyAtCurrentVersionAsync(EngineDbContext db, Guid id, string workflow, Func<int, Stimulus> stimulusAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stimulusAt);
        var instance = await db.LockInstanceAsync(id, ct);
        return instance is not null && instance.DefinitionName == workflow
            ? await ApplyLockedAsync(db, instance, stimulusAt(instance.Version), ct)
            : TransitionResult.NotFound;
    }

    /// <summary>
    /// Applies a stimulus to an instance whose row this transaction already holds
    /// (<see cref="EngineDbContext.LockInstanceAsync(Guid, CancellationToken)"/> or
    /// <see cref="EngineDbContext.ClaimAsync"/>), the caller's right to it proven by its own
    /// reading in the same transaction (a ticket served at a window in the actor's scope).
    /// Every move, whoever asks for it, passes here: here it is counted, timed and traced.
    /// </summary>
    public async Task<TransitionResult> ApplyLockedAsync(EngineDbContext db, WorkflowInstance instance, Stimulus stimulus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(stimulus);
        var observed = metrics?.StartTransition(instance.DefinitionName, stimulus.Trigger, instance.Id) ?? default;
        try
        {
            return observed.End(await MoveLockedAsync(db, instance, stimulus, ct));
        }
        catch (Exception ex)
        {
            observed.Fail(ex);
            throw;
        }
    }

    private async Task<TransitionResult> MoveLockedAsync(EngineDbContext db, WorkflowInstance instance, Stimulus stimulus, CancellationToken ct)
    {
        if (stimulus.ExpectedVersion != instance.Version)
        {
            return TransitionResult.Stale(instance, stimulus.ExpectedVersion);
        }

        var definition = registry.For(instance);

        // Only an administrator's cancel closes an instance outside a final state (CancelInstance); nothing moves it after.
        if (instance.ClosedAt is not null && !definition.States[instance.State].IsFinal)
        {
            return new(TransitionOutcome.NotPermitted, instance, "该事项已由管理员撤销，不能再办理");
        }

        var transition = definition.FindTransition(instance.State, stimulus.Trigger);
        var stateName = definition.States[instance.State].DisplayName;
        if (transition is null)
        {
            // The step's name as the definition gives it elsewhere: its trigger code is no word for a person.
            var step = definition.Transitions.FirstOrDefault(t => t.Trigger == stimulus.Trigger)?.DisplayName ?? "这一步";
            return new(TransitionOutcome.NotPermitted, instance, $"当前状态“{stateName}”下不能执行“{step}”");
        }

        if (!transition.Roles.Contains(stimulus.Actor.Role))
        {
            return new(TransitionOutcome.Forbidden, instance, $"{registry.Roles.DisplayName(stimulus.Actor.Role)}无权执行“{transition.DisplayName}”");
        }

        var now = clock.GetUtcNow();
        var context = new TransitionContext(db, instance, definition, stimulus.Actor, stimulus.Reason, now, calendar) { Trigger = transition.Trigger, Runtime = this };
        if (transition.Guard is { } guard && !guard.Holds(context))
        {
            return new(TransitionOutcome.GuardFailed, instance, guard.Description);
        }

        var (from, fromVersion) = (instance.State, instance.Version);
        if (instance.ClockPausedAt is not null)
        {
            db.Rows.EndPause(instance.Id, stimulus.Actor, now);
        }

        instance.MoveTo(transition.To, definition.States[transition.To].IsFinal, now);
        db.Rows.Move(instance, fromVersion, new LedgerEntry(instance, LedgerKind.Transition, transition.Trigger, from, stimulus.Actor, stimulus.Reason, now), stimulus.Actor, now);
        stimulus.Effect?.Invoke(context);
        await EnterStateAsync(context, ct);
        foreach (var notification in transition.Notifications)
        {
            await AddNotificationAsync(context, notification, ct);
        }

        if (instance.ClosedAt is not null && instance.ParentId is { } parentId)
        {
            await ChildClosedAsync(db, parentId, ct);
        }

        return new(TransitionOutcome.Applied, instance, transition.DisplayName);
    }

    /// <summary>
    /// A child has just reached a final state: if its parent awaits its children and none is open
    /// any more, the parent's trigger fires as the system, here, in the child's transaction. Locks
    /// go child first, then parent, on every path; the count of open children is read after the
    /// parent's lock is granted, so of two children closing at once the second to get the lock sees
    /// the first one's commit, and the trigger fires exactly once (the first saw the second still open).
    /// A parent that is itself a child moves its own parent the same way, upwards.
    /// </summary>
    internal async Task ChildClosedAsync(EngineDbContext db, Guid parentId, CancellationToken ct)
    {
        var parent = await db.LockInstanceAsync(parentId, ct);
        if (parent is null || registry.For(parent).States[parent.State].ChildrenDoneTrigger is not { } trigger
            || await db.Instances.AnyAsync(i => i.ParentId == parentId && i.ClosedAt == null, ct))
        {
            return;
        }

        await ApplyLockedAsync(db, parent, new Stimulus(parent.Id, trigger, Actor.System, parent.Version, "所有子事项均已办结"), ct);
    }

    /// <summary>
    /// A yellow warning (临期预警) or red alert (超期) of the current state's SLA: a ledger line and
    /// the state's emails for it. The instance does not move (an expiry trigger does that, apart).
    /// </summary>
    internal async Task RecordSlaEventAsync(EngineDbContext db, WorkflowInstance instance, TimerKind kind, CancellationToken ct)
    {
        var definition = registry.For(instance);
        var now = clock.GetUtcNow();
        var (ledgerKind, trigger, reason) = kind == TimerKind.Warning
            ? (LedgerKind.SlaWarning, "sla-warning", "临期预警")
            : (LedgerKind.SlaExpired, "sla-expired", "超过办理时限");
        var context = new TransitionContext(db, instance, definition, Actor.System, reason, now, calendar);
        db.Rows.Insert(new LedgerEntry(instance, ledgerKind, trigger, instance.State, Actor.System, reason, now));

        // The instance does not move, but its 临期/超期 shows on the alerts and lists that watch it.
        db.Rows.MarkChanged(instance.DefinitionName, instance.OrgUnit);
        var sla = context.State.Sla;
        foreach (var notification in (kind == TimerKind.Warning ? sla?.WarningNotifications : sla?.ExpiryNotifications) ?? [])
        {
            await AddNotificationAsync(context, notification, ct);
        }
    }

    internal async Task EnterStateAsync(TransitionContext context, CancellationToken ct)
    {
        var (db, instance, state, now) = (context.Db, context.Instance, context.State, context.Now);
        foreach (var action in state.Actions)
        {
            await action.Run(context, ct);
        }

        if (state.Sla is { } sla)
        {
            var (warnAt, dueAt) = sla.Limit.Schedule(new SlaContext(instance, now, calendar), sla.WarnFraction);
            instance.SetDue(dueAt, sla.Limit.CountsWorkingDays ? calendar.FirstYearWithoutData(now, dueAt) : null);
            SetTimers(db, instance, sla, warnAt, dueAt, now);
        }

        if (state.WorkItem is { } work)
        {
            db.Rows.Insert(new WorkItem(Guid.CreateVersion7(now), instance, work.Queue(instance), work.Priority, instance.DueAt, now));
        }

        foreach (var notification in state.OnEnter)
        {
            await AddNotificationAsync(context, notification, ct);
        }
    }

    /// <summary>
    /// The state's timer, for the instance's current version: one row with its warning (only if it
    /// falls before the deadline) and its deadline; none when neither warns nor acts.
    /// </summary>
    internal static void SetTimers(EngineDbContext db, WorkflowInstance instance, SlaSpec sla, DateTimeOffset? warnAt, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var warns = sla.WarningNotifications.Count > 0 && warnAt < dueAt;
        if (warns || sla.ActsOnExpiry)
        {
            db.Rows.Insert(new WorkflowTimer(Guid.CreateVersion7(now), instance, warns ? warnAt : null, dueAt, now));
        }
    }

    internal static async Task AddNotificationAsync(TransitionContext context, NotificationSpec notification, CancellationToken ct)
    {
        // Who hears of it first: a step with no one to tell (most red alerts of a burst) writes nothing,
        // so its model is not built.
        var recipients = await notification.Recipients.Resolve(context, ct);
        if (recipients.Count == 0)
        {
            return;
        }

        var model = JsonSerializer.Serialize(
            new NotificationModel(
                context.Instance.Id,
                context.Definition.DisplayName,
                context.Instance.Title,
                context.State.DisplayName,
                context.Actor.Name,
                context.Reason,
                context.Now,
                context.Instance.DueAt,
                notification.Model?.Invoke(context)),
            WorkflowInstance.DataJson);
        foreach (var recipient in recipients)
        {
            context.Db.Rows.Insert(new OutboxMessage(Guid.CreateVersion7(context.Now), context.Instance.Id, notification.Template, recipient, model, context.Now));
        }
    }
}

/// <summary>What every notification template can show, plus the template's own facts.</summary>
public sealed record NotificationModel(
    Guid InstanceId,
    string Workflow,
    string Title,
    string State,
    string Actor,
    string? Reason,
    DateTimeOffset At,
    DateTimeOffset? DueAt,
    object? Details);
