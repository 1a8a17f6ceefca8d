using System.Diagnostics;
using System.Diagnostics.Metrics;
using Governance.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Governance.Engine.Telemetry;

/// <summary>
/// The engine's figures: the meter <see cref="Name"/>, made through the container's
/// <see cref="IMeterFactory"/> (so each Host, and each test's Host, has a meter of its own), and
/// the spans of the activity source of the same name. Moves, timers, emails and queues report
/// here as they happen; what only the database knows (timers pending, mail owed, tickets waiting)
/// is read every little while by whoever owns it and handed in (<see cref="ReportTimers"/>,
/// <see cref="ReportOutbox"/>, <see cref="ReportQueues"/>), and the gauges show the last reading:
/// a scrape never queries anything. Cheap when nothing listens: an instrument nobody enabled
/// drops its measurement at once, and a span nobody samples is never made.
/// </summary>
/// <remarks>No tag carries personal data: definitions, triggers, templates, queues and ids only.</remarks>
public sealed class EngineMetrics
{
    public const string Name = "Governance.Engine";

    /// <summary>The trigger a start is counted under: the ledger's word for it.</summary>
    public const string StartTrigger = "start";

    /// <summary>The spans: one per move (<see cref="TransitionObservation"/>) and one per email sent (<see cref="StartDelivery"/>). Process-wide, as every activity source.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _transitionDuration;
    private readonly Histogram<double> _timerLateness;
    private readonly Histogram<double> _deliveryDuration;
    private readonly Counter<long> _deliveryFailures;
    private readonly Histogram<double> _queueWait;
    private readonly ILogger _log;
    private readonly Lock _queuesGate = new();

    private volatile TimerReading? _timers;
    private volatile OutboxReading? _outbox;

    // Every queue seen since start, with its last depth: one that empties reports 0, not its last count.
    private Dictionary<string, long> _queues = new(StringComparer.Ordinal);

    public EngineMetrics(IMeterFactory meters, ILogger<EngineMetrics> log)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _log = log;
        Meter = meters.Create(Name);
        _transitions = Meter.CreateCounter<long>(
            "governance.workflow.transitions", "{transition}", "Moves the engine was asked for, by definition, trigger and outcome (applied, stale, refused, error); a start counts under trigger 'start'.");
        _transitionDuration = Meter.CreateHistogram(
            "governance.workflow.transition.duration", "s", "The engine's time for one move inside its transaction: checks, the state's actions, recipients, the rows staged (they are written with the commit).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _timerLateness = Meter.CreateHistogram(
            "governance.timer.lateness", "s", "How long after its due instant a timer fired, by kind (warning, expiry).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900] });
        Meter.CreateObservableGauge("governance.timers.pending", () => Gauge(_timers?.Pending), "{timer}", "Timers set and not yet fired or cancelled, at the last reading.");
        Meter.CreateObservableGauge("governance.timers.failing", () => Gauge(_timers?.Failing), "{timer}", "Pending timers whose firing failed at least once and waits to be retried, at the last reading.");
        Meter.CreateObservableGauge("governance.outbox.backlog", () => Gauge(_outbox?.Owed), "{email}", "Emails written and not yet sent, at the last reading.");
        Meter.CreateObservableGauge("governance.outbox.oldest.age", OldestAge, "s", "Age of the oldest email not yet sent, at the last reading (0 when none is owed).");
        _deliveryDuration = Meter.CreateHistogram(
            "governance.email.delivery.duration", "s", "From an email's outbox row being written to the SMTP server accepting it, by template.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
        _deliveryFailures = Meter.CreateCounter<long>("governance.email.delivery.failures", "{attempt}", "Attempts to send an email that failed (it is retried), by template.");
        Meter.CreateObservableGauge("governance.queue.waiting", WaitingNow, "{item}", "What waits in each queue (a service hall's tickets per hall and item), at the last reading.");
        _queueWait = Meter.CreateHistogram(
            "governance.queue.wait", "s", "How long what was called had waited in its queue, by queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 7200] });
    }

    /// <summary>This Host's meter, for an in-process reader that must not hear another Host's (tests run several in one process).</summary>
    public Meter Meter { get; }

    /// <summary>The last reading of the timers, or null before the first.</summary>
    public TimerReading? Timers => _timers;

    /// <summary>The last reading of the outbox, or null before the first.</summary>
    public OutboxReading? Outbox => _outbox;

    /// <summary>
    /// Starts watching a move of <paramref name="instanceId"/> by <paramref name="trigger"/>: its
    /// span (a child of the request's, if any) and the instance id as a log scope around it. End it
    /// once with <see cref="TransitionObservation.End"/> or <see cref="TransitionObservation.Fail"/>.
    /// </summary>
    internal TransitionObservation StartTransition(string definition, string trigger, Guid instanceId)
    {
        var activity = Source.StartActivity("workflow.transition", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.DisplayName = $"{definition} {trigger}";
            activity.SetTag("workflow.definition", definition);
            activity.SetTag("workflow.trigger", trigger);
            activity.SetTag("workflow.instance.id", instanceId);
        }

        return new TransitionObservation(this, definition, trigger, activity, _log.BeginScope(new InstanceScope(instanceId, definition)), Stopwatch.GetTimestamp());
    }

    internal void Transitioned(string definition, string trigger, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "workflow.definition", definition }, { "workflow.trigger", trigger } };
        _transitionDuration.Record(duration.TotalSeconds, tags);
        tags.Add("workflow.outcome", outcome);
        _transitions.Add(1, tags);
    }

    internal void TimerFired(TimerKind kind, TimeSpan lateness)
    {
        if (_timerLateness.Enabled)
        {
            _timerLateness.Record(Math.Max(0, lateness.TotalSeconds), new KeyValuePair<string, object?>("timer.kind", kind == TimerKind.Warning ? "warning" : "expiry"));
        }
    }

    /// <summary>Whether anyone listens for timers' lateness: if not, the pump keeps no list of what it fired.</summary>
    internal bool TimingTimers => _timerLateness.Enabled;

    /// <summary>What a reading of the timers found (see the class's remarks).</summary>
    public void ReportTimers(TimerReading reading) => _timers = reading;

    /// <summary>What a reading of the outbox found (see the class's remarks).</summary>
    public void ReportOutbox(OutboxReading reading) => _outbox = reading;

    /// <summary>
    /// What a reading of a feature's queues found: how much waits in each. A queue reported before
    /// and missing now reports 0.
    /// </summary>
    public void ReportQueues(IReadOnlyCollection<QueueDepth> depths)
    {
        ArgumentNullException.ThrowIfNull(depths);
        lock (_queuesGate)
        {
            var next = _queues.ToDictionary(q => q.Key, _ => 0L, StringComparer.Ordinal);
            foreach (var depth in depths)
            {
                next[depth.Queue] = depth.Waiting;
            }

            _queues = next;
        }
    }

    /// <summary>Something was called from <paramref name="queue"/> after waiting <paramref name="waited"/>.</summary>
    public void QueueWaited(string queue, TimeSpan waited) =>
        _queueWait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("queue", queue));

    /// <summary>The SMTP server accepted an email whose row was written <paramref name="latency"/> before.</summary>
    public void EmailSent(string template, TimeSpan latency) =>
        _deliveryDuration.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("email.template", template));

    /// <summary>An attempt to send an email failed; it is retried.</summary>
    public void EmailFailed(string template) =>
        _deliveryFailures.Add(1, new KeyValuePair<string, object?>("email.template", template));

    /// <summary>
    /// The span of sending one email, a child of the span that wrote its row, whose W3C
    /// <c>traceparent</c> the row carries (<see cref="OutboxMessage.TraceParent"/>): so a trace goes
    /// from the request through its move to the email it caused. Null when nobody samples it.
    /// </summary>
    public static Activity? StartDelivery(Guid outboxId, string template, Guid? instanceId, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity("email.deliver", ActivityKind.Producer, parent);
        if (activity is not null)
        {
            activity.DisplayName = $"deliver {template}";
            activity.SetTag("outbox.id", outboxId);
            activity.SetTag("email.template", template);
            activity.SetTag("workflow.instance.id", instanceId);
        }

        return activity;
    }

    /// <summary>What waits in each queue now, as the gauge reports it.</summary>
    public IReadOnlyDictionary<string, long> Waiting
    {
        get
        {
            lock (_queuesGate)
            {
                return _queues;
            }
        }
    }

    private IEnumerable<Measurement<long>> WaitingNow() =>
        Waiting.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key)));

    private IEnumerable<Measurement<double>> OldestAge() => _outbox is { } outbox
        ? [new(Math.Max(0, outbox.OldestAge?.TotalSeconds ?? 0))]
        : [];

    private static IEnumerable<Measurement<long>> Gauge(long? value) => value is { } v ? [new(v)] : [];

    /// <summary>The log scope around a move: the instance and its definition, as properties (JSON) or as text (simple).</summary>
    private sealed class InstanceScope(Guid instanceId, string definition) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("InstanceId", instanceId),
            1 => new("Workflow", definition),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{definition} {instanceId}";
    }
}

/// <summary>Timers pending and, of those, failing (their firing threw and waits for a retry), read at <paramref name="ReadAt"/>.</summary>
public sealed record TimerReading(long Pending, long Failing, DateTimeOffset ReadAt);

/// <summary>Emails owed and how long ago the oldest of them was written (null when none is owed), read at <paramref name="ReadAt"/>.</summary>
public sealed record OutboxReading(long Owed, TimeSpan? OldestAge, DateTimeOffset ReadAt);

/// <summary>How much waits in <paramref name="Queue"/> (a name such as <c>hall/1/item/3</c>).</summary>
public sealed record QueueDepth(string Queue, long Waiting);
