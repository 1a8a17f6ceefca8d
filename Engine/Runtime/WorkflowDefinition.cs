using System.Collections.Frozen;

namespace Governance.Engine.Runtime;

/// <summary>A state of a definition: its zh-CN name, whether it ends the workflow, and what entering it does.</summary>
public sealed record StateDefinition(string Name, string DisplayName, bool IsFinal, SlaSpec? Sla, WorkItemSpec? WorkItem, IReadOnlyList<NotificationSpec> OnEnter)
{
    /// <summary>Changes to the feature's own rows that entering this state makes, in the same transaction (e.g. release a slot).</summary>
    public IReadOnlyList<EntryAction> Actions { get; init; } = [];

    /// <summary>
    /// The trigger the engine fires on an instance in this state, as the system, when the last of its
    /// open children (<see cref="WorkflowRuntime.StartChildAsync"/>) reaches a final state; null when
    /// the state waits for none.
    /// </summary>
    public string? ChildrenDoneTrigger { get; init; }

    /// <summary>Whether, and by whom, this state's clock may be stopped for a while (暂停计时), and who hears of it; null when it may not.</summary>
    public ClockPauseSpec? Pause { get; init; }
}

/// <summary>
/// A state whose SLA clock may stand still (e.g. 补正: the applicant brings missing materials):
/// the roles that stop and restart it, and who is told when it stops and when it runs again.
/// </summary>
public sealed record ClockPauseSpec(IReadOnlySet<string> Roles, IReadOnlyList<NotificationSpec> OnPause, IReadOnlyList<NotificationSpec> OnResume);

/// <summary>Work entering a state does on the feature's own tables, whoever or whatever caused the move.</summary>
public sealed record EntryAction(string Description, Func<TransitionContext, CancellationToken, Task> Run);

/// <summary>Work an instance entering a state puts in a queue.</summary>
public sealed record WorkItemSpec(Func<WorkflowInstance, string> Queue, int Priority);

/// <summary>An allowed move: from a state, on a trigger, to a state, by one of the roles, if the guard holds.</summary>
public sealed record TransitionDefinition(string From, string Trigger, string To, string DisplayName, IReadOnlySet<string> Roles, Guard? Guard)
{
    /// <summary>Emails this step owes, sent after the target state's own (a state entered several ways tells only of the way it was entered).</summary>
    public IReadOnlyList<NotificationSpec> Notifications { get; init; } = [];
}

/// <summary>
/// Whether an actor reaches an instance at all: a person out of reach finds nothing, exactly as if
/// it did not exist. The default is the org-unit scope; a feature narrows it to the roles that
/// have business with it (the proxy handler has none with a home visit) and to the person's own
/// (a citizen's request, a department's assigned matter).
/// </summary>
public delegate bool ReachRule(Actor actor, WorkflowInstance instance);

/// <summary>A condition on a transition, with the zh-CN sentence shown when it does not hold.</summary>
public sealed record Guard(string Description, Func<TransitionContext, bool> Holds);

/// <summary>
/// A versioned state machine. Instances keep the version they started with, so a definition
/// that changes gets a new version and old instances finish on the old one.
/// </summary>
public sealed class WorkflowDefinition
{
    private readonly FrozenDictionary<(string State, string Trigger), TransitionDefinition> _transitions;
    private readonly ReachRule _reach;
    private readonly IReadOnlySet<string>? _starters;

    private WorkflowDefinition(string name, int version, string displayName, string initialState, IReadOnlyList<StateDefinition> states, IReadOnlyList<TransitionDefinition> transitions, ReachRule reach, IReadOnlySet<string>? starters, string startStep, IReadOnlyList<EntryAction>? cancel)
    {
        Cancel = cancel;
        _reach = reach;
        _starters = starters;
        StartStep = startStep;
        Name = name;
        Version = version;
        DisplayName = displayName;
        InitialState = initialState;
        States = states.ToFrozenDictionary(s => s.Name);
        StatesInOrder = states;
        Transitions = transitions;
        _transitions = transitions.ToFrozenDictionary(t => (t.From, t.Trigger));
    }

    public string Name { get; }

    public int Version { get; }

    public string DisplayName { get; }

    public string InitialState { get; }

    public FrozenDictionary<string, StateDefinition> States { get; }

    /// <summary>The states in the order the definition declares them (a frozen dictionary keeps none): lists' status tabs follow it.</summary>
    public IReadOnlyList<StateDefinition> StatesInOrder { get; }

    public IReadOnlyList<TransitionDefinition> Transitions { get; }

    /// <summary>
    /// Whether an administrator may cancel (撤销) a running instance, and what keeps the feature's
    /// own rows in step when one is (a booking's seat given back); null when the definition does not
    /// allow it (its rows would be left saying the matter runs). See <see cref="Builder.CancelledBy"/>.
    /// </summary>
    public IReadOnlyList<EntryAction>? Cancel { get; }

    /// <summary>The limits of this definition's states read from configuration, pinned on every instance it starts.</summary>
    public IEnumerable<ConfiguredLimit> ConfiguredLimits =>
        StatesInOrder.Select(s => s.Sla?.Limit).OfType<ConfiguredLimit>().DistinctBy(l => l.Key);

    /// <summary>Every email template this definition names: on entering states, on steps, at SLA warnings and expiries.</summary>
    public IEnumerable<string> Templates =>
        StatesInOrder.SelectMany(s => s.OnEnter.Concat(s.Sla?.WarningNotifications ?? []).Concat(s.Sla?.ExpiryNotifications ?? []))
            .Concat(Transitions.SelectMany(t => t.Notifications))
            .Select(n => n.Template)
            .Distinct();

    /// <summary>What the ledger calls the start of an instance (登记, 发起预警); 发起 unless the definition names it.</summary>
    public string StartStep { get; }

    public static WorkflowDefinition Create(string name, int version, string displayName, Action<Builder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var builder = new Builder();
        build(builder);
        return builder.Build(name, version, displayName);
    }

    /// <summary>Whether <paramref name="actor"/> may know of <paramref name="instance"/> (the system reaches everything).</summary>
    public bool Reaches(Actor actor, WorkflowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == Actor.SystemRole || _reach(actor, instance);
    }

    /// <summary>Whether <paramref name="actor"/> may start an instance (the system always may; anyone, unless the definition says <see cref="Builder.StartedBy"/>).</summary>
    public bool MayStart(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == Actor.SystemRole || _starters is null || _starters.Contains(actor.Role);
    }

    public TransitionDefinition? FindTransition(string state, string trigger) =>
        _transitions.GetValueOrDefault((state, trigger));

    /// <summary>The zh-CN name of <paramref name="state"/>; a code this version does not declare (none, before the start) as it is.</summary>
    public string StateName(string state) => States.TryGetValue(state, out var s) ? s.DisplayName : state;

    /// <summary>What a ledger line records, in the words of the ledger (台账) people read: the step's name, or the limit's event.</summary>
    public string StepName(LedgerKind kind, string trigger, string fromState) => kind switch
    {
        LedgerKind.Started => StartStep,
        LedgerKind.SlaWarning => "临期预警",
        LedgerKind.SlaExpired => "超期",
        LedgerKind.LimitRecomputed => "时限重算",
        LedgerKind.ClockPaused => "暂停计时",
        LedgerKind.ClockResumed => "恢复计时",
        LedgerKind.Migrated => "版本迁移",
        LedgerKind.Cancelled => "管理员撤销",
        LedgerKind.TimerRetried => "重新触发定时器",
        LedgerKind.EmailResent => "重发邮件",
        _ => FindTransition(fromState, trigger)?.DisplayName ?? trigger,
    };

    /// <summary>The triggers a role may fire from a state (guards not evaluated).</summary>
    public IEnumerable<TransitionDefinition> TransitionsFrom(string state) => Transitions.Where(t => t.From == state);

    /// <summary>The Mermaid diagram, generated from the definition (never drawn by hand), its roles named by <paramref name="roles"/>.</summary>
    public string Mermaid(RoleCatalogue roles) => RenderMermaid(roles, withLimits: true);

    /// <summary>The diagram with one state marked, e.g. where an instance is now.</summary>
    public string MermaidWithCurrent(RoleCatalogue roles, string state) => Marked(Mermaid(roles), state);

    /// <summary>
    /// The diagram as a page draws it, <paramref name="state"/> marked: without the time-limit notes,
    /// which doubled its width and so halved its text; the page lists the limits beside it instead.
    /// </summary>
    public string DrawingWithCurrent(RoleCatalogue roles, string state) => Marked(RenderMermaid(roles, withLimits: false), state);

    private static string Marked(string mermaid, string state) =>
        $"{mermaid}\n\tclassDef current fill:#fde68a,stroke:#b45309,stroke-width:3px\n\tclass {state} current";

    /// <summary>
    /// Top to bottom, so a ladder of states stays about as wide as a page; every label people read
    /// is a zh-CN display name (states, steps and the roles that take them), never a code. The
    /// codes are only the node ids, which Mermaid does not show.
    /// </summary>
    private string RenderMermaid(RoleCatalogue roles, bool withLimits)
    {
        var lines = new List<string> { "stateDiagram-v2", "\tdirection TB", $"\t[*] --> {InitialState}" };
        foreach (var state in States.Values)
        {
            lines.Add($"\t{state.Name} : {state.DisplayName}");
        }

        // One edge per pair of states, its ways one line each (上报 by a person and by time share
        // an arrow): parallel edges are what made the drawing wide. Roles in the people's order
        // (village before township before department), the system last.
        foreach (var pair in Transitions.GroupBy(t => (t.From, t.To)))
        {
            var ways = pair.Select(t => $"{t.DisplayName} · {string.Join("、", t.Roles.OrderBy(roles.Order).Select(roles.DisplayName))}");
            lines.Add($"\t{pair.Key.From} --> {pair.Key.To} : {string.Join("<br/>", ways)}");
        }

        foreach (var state in States.Values)
        {
            if (withLimits && state.Sla is { } sla)
            {
                var warning = sla.WarningNotifications.Count > 0 ? $"，{sla.WarnFraction * 100:0}% 预警" : "";
                var alert = sla.ExpiryNotifications.Count > 0 ? "，超期提醒" : "";
                lines.Add($"\tnote right of {state.Name} : 时限 {sla.Limit.Description}{warning}{alert}");
            }

            if (state.IsFinal)
            {
                lines.Add($"\t{state.Name} --> [*]");
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>Collects states and transitions; <see cref="Build"/> checks they fit together.</summary>
    public sealed class Builder
    {
        private readonly List<StateBuilder> _states = [];
        private readonly List<TransitionBuilder> _transitionBuilders = [];
        private ReachRule _reach = (actor, instance) => actor.CanSee(instance.OrgUnit);
        private IReadOnlySet<string>? _starters;
        private string _startStep = "发起";
        private List<EntryAction>? _cancel;

        public StateBuilder State(string name, string displayName)
        {
            var state = new StateBuilder(name, displayName);
            _states.Add(state);
            return state;
        }

        public TransitionBuilder Permit(string from, string trigger, string to, string displayName, IEnumerable<string> roles, Guard? guard = null)
        {
            var transition = new TransitionBuilder(new TransitionDefinition(from, trigger, to, displayName, roles.ToFrozenSet(), guard));
            _transitionBuilders.Add(transition);
            return transition;
        }

        /// <summary>Only <paramref name="roles"/> (and the system) may start an instance; <see cref="WorkflowRuntime.StartAsync"/> refuses anyone else.</summary>
        public Builder StartedBy(params string[] roles)
        {
            _starters = roles.ToFrozenSet();
            return this;
        }

        /// <summary>Names the start of an instance as its ledger shows it (e.g. 登记).</summary>
        public Builder StartStep(string displayName)
        {
            _startStep = displayName;
            return this;
        }

        /// <summary>
        /// Lets an administrator cancel (撤销) a running instance from the instance console, outside
        /// the definition's own steps; <paramref name="actions"/> run in the cancel's transaction to
        /// close the feature's own rows (none for a definition that keeps its facts on the instance).
        /// </summary>
        public Builder CancelledBy(params EntryAction[] actions)
        {
            _cancel = [.. actions];
            return this;
        }

        /// <summary>Narrows who reaches an instance (see <see cref="ReachRule"/>); by default, anyone whose scope covers its org unit.</summary>
        public Builder ReachedBy(ReachRule reach)
        {
            _reach = reach ?? throw new ArgumentNullException(nameof(reach));
            return this;
        }

        /// <summary>Only <paramref name="roles"/> reach an instance, and only within their scope.</summary>
        public Builder ReachedBy(params string[] roles)
        {
            var admitted = roles.ToFrozenSet();
            return ReachedBy((actor, instance) => admitted.Contains(actor.Role) && actor.CanSee(instance.OrgUnit));
        }

        internal WorkflowDefinition Build(string name, int version, string displayName)
        {
            var transitions = _transitionBuilders.Select(t => t.Build()).ToList();
            var states = _states.Select(s => s.Build()).ToList();
            var names = states.Select(s => s.Name).ToHashSet();
            if (names.Count != states.Count)
            {
                throw new InvalidOperationException($"{name} v{version}: a state is declared twice.");
            }

            var initial = _states.Where(s => s.IsInitial).Select(s => s.Name).ToList();
            if (initial.Count != 1)
            {
                throw new InvalidOperationException($"{name} v{version}: exactly one initial state is needed, found {initial.Count}.");
            }

            foreach (var t in transitions.Where(t => !names.Contains(t.From) || !names.Contains(t.To)))
            {
                throw new InvalidOperationException($"{name} v{version}: transition {t.From} --{t.Trigger}--> {t.To} names an unknown state.");
            }

            foreach (var dup in transitions.GroupBy(t => (t.From, t.Trigger)).Where(g => g.Count() > 1))
            {
                throw new InvalidOperationException($"{name} v{version}: {dup.Key.From} has two transitions on {dup.Key.Trigger}.");
            }

            foreach (var s in states.Where(s => s.Pause is not null && s.Sla is null))
            {
                throw new InvalidOperationException($"{name} v{version}: {s.Name} may pause its clock but has no SLA.");
            }

            foreach (var s in states.Where(s => s.Sla?.ExpiryTrigger is { } trigger && !transitions.Any(t => t.From == s.Name && t.Trigger == trigger)))
            {
                throw new InvalidOperationException($"{name} v{version}: the SLA of {s.Name} fires {s.Sla!.ExpiryTrigger}, which {s.Name} does not permit.");
            }

            foreach (var s in states.Where(s => s.ChildrenDoneTrigger is { } trigger && !transitions.Any(t => t.From == s.Name && t.Trigger == trigger && t.Roles.Contains(Actor.SystemRole))))
            {
                throw new InvalidOperationException($"{name} v{version}: {s.Name} awaits its children with {s.ChildrenDoneTrigger}, which {s.Name} does not permit the system.");
            }

            return new WorkflowDefinition(name, version, displayName, initial[0], states, transitions, _reach, _starters, _startStep, _cancel);
        }
    }

    /// <summary>Describes one transition: what <see cref="Builder.Permit"/> declared, and the emails the step owes.</summary>
    public sealed class TransitionBuilder
    {
        private readonly TransitionDefinition _transition;
        private readonly List<NotificationSpec> _notifications = [];

        internal TransitionBuilder(TransitionDefinition transition) => _transition = transition;

        /// <summary>Sends <paramref name="notification"/> whenever this step is taken, after the target state's own, in the same transaction.</summary>
        public TransitionBuilder Notify(NotificationSpec notification)
        {
            _notifications.Add(notification ?? throw new ArgumentNullException(nameof(notification)));
            return this;
        }

        internal TransitionDefinition Build() => _transition with { Notifications = [.. _notifications] };
    }

    /// <summary>Describes one state.</summary>
    public sealed class StateBuilder(string name, string displayName)
    {
        private readonly List<NotificationSpec> _onEnter = [];
        private readonly List<EntryAction> _actions = [];
        private bool _isFinal;
        private SlaSpec? _sla;
        private WorkItemSpec? _workItem;
        private string? _childrenDone;
        private ClockPauseSpec? _pause;

        internal bool IsInitial { get; private set; }

        public StateBuilder Initial()
        {
            IsInitial = true;
            return this;
        }

        public StateBuilder Final()
        {
            _isFinal = true;
            return this;
        }

        /// <summary>A limit on this state; at <paramref name="warnFraction"/> a warning, at the end <paramref name="expiryTrigger"/> fires as the system.</summary>
        public StateBuilder Sla(SlaLimit limit, string? expiryTrigger, double warnFraction = 0.8, params NotificationSpec[] warnings)
        {
            _sla = new SlaSpec(limit, warnFraction, expiryTrigger) { WarningNotifications = warnings };
            return this;
        }

        /// <summary>A red alert (超期) when the limit of <see cref="Sla"/> runs out, whether or not a trigger fires then.</summary>
        public StateBuilder AlertOnExpiry(params NotificationSpec[] alerts)
        {
            _sla = (_sla ?? throw new InvalidOperationException("Call Sla(...) before AlertOnExpiry(...).")) with { ExpiryNotifications = alerts };
            return this;
        }

        public StateBuilder WorkItem(Func<WorkflowInstance, string> queue, int priority = 0)
        {
            _workItem = new WorkItemSpec(queue, priority);
            return this;
        }

        /// <summary>Runs <paramref name="action"/> inside the transition's transaction whenever the state is entered.</summary>
        public StateBuilder OnEnter(string description, Func<TransitionContext, CancellationToken, Task> action)
        {
            _actions.Add(new EntryAction(description, action));
            return this;
        }

        /// <summary>
        /// The instance waits here for its children: when the last open one reaches a final state,
        /// the engine fires <paramref name="trigger"/> (which this state must permit the system) once,
        /// in that child's closing transaction.
        /// </summary>
        public StateBuilder AwaitsChildren(string trigger)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
            _childrenDone = trigger;
            return this;
        }

        /// <summary>Lets <paramref name="roles"/> stop this state's clock and restart it (暂停计时), telling <paramref name="onPause"/> and <paramref name="onResume"/>.</summary>
        public StateBuilder PausableClock(IEnumerable<string> roles, NotificationSpec onPause, NotificationSpec onResume)
        {
            _pause = new ClockPauseSpec(roles.ToFrozenSet(), [onPause], [onResume]);
            return this;
        }

        public StateBuilder Notify(NotificationSpec notification)
        {
            _onEnter.Add(notification);
            return this;
        }

        internal StateDefinition Build() => new(name, displayName, _isFinal, _sla, _workItem, _onEnter) { Actions = _actions, ChildrenDoneTrigger = _childrenDone, Pause = _pause };

        internal string Name => name;
    }
}
