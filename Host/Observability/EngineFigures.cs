using System.Diagnostics.Metrics;
using Governance.Engine.Calendar;
using Governance.Engine.Telemetry;

namespace Governance.Host.Observability;

/// <summary>
/// The last hour of the engine's figures, a minute at a time, for the 运行指标 page: heard in
/// process from this Host's own meter (a <see cref="MeterListener"/>; never by scraping
/// <c>/metrics</c>), the gauges sampled at each reading (<see cref="PeriodicReadings"/>). Moves
/// by outcome, their time, timers' lateness, timers pending and failing, mail owed and its oldest
/// age, emails' delivery time and failures, tickets waiting and how long the called had waited.
/// </summary>
public sealed class EngineFigures : IDisposable
{
    private const int Minutes = 60;

    private readonly MeterListener _listener = new();
    private readonly Minute[] _minutes = new Minute[Minutes];
    private readonly Lock _gate = new();

    public EngineFigures(EngineMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        for (var i = 0; i < Minutes; i++)
        {
            _minutes[i] = new Minute();
        }

        // This Host's meter only: the tests run several Hosts in one process, each with a meter of the same name.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Heard(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Heard(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>Takes the gauges' current readings into this minute.</summary>
    public void Sample() => _listener.RecordObservableInstruments();

    /// <summary>The hour up to now, oldest minute first; a minute without a sample has no gauge values.</summary>
    public FiguresHour Hour()
    {
        var now = Now();
        var minutes = new List<FiguresMinute>(Minutes);
        lock (_gate)
        {
            for (var minute = now - Minutes + 1; minute <= now; minute++)
            {
                var m = _minutes[Slot(minute)];
                var at = ChinaTime.ToLocal(DateTimeOffset.FromUnixTimeSeconds(minute * 60));
                minutes.Add(m.Number == minute ? m.Figures(at) : FiguresMinute.Empty(at));
            }
        }

        return new FiguresHour(minutes);
    }

    public void Dispose() => _listener.Dispose();

    private void Heard(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var minute = Current();
            switch (instrument)
            {
                case "governance.workflow.transitions" when Tag(tags, "workflow.outcome") is { } outcome:
                    minute.Moves[outcome] = minute.Moves.GetValueOrDefault(outcome) + (long)value;
                    break;
                case "governance.workflow.transition.duration":
                    minute.MoveTime.Add(value);
                    break;
                case "governance.timer.lateness":
                    minute.Lateness.Add(value);
                    break;
                case "governance.timers.pending":
                    minute.TimersPending = (long)value;
                    break;
                case "governance.timers.failing":
                    minute.TimersFailing = (long)value;
                    break;
                case "governance.outbox.backlog":
                    minute.Backlog = (long)value;
                    break;
                case "governance.outbox.oldest.age":
                    minute.OldestAge = value;
                    break;
                case "governance.email.delivery.duration":
                    minute.Delivery.Add(value);
                    break;
                case "governance.email.delivery.failures":
                    minute.DeliveryFailures += (long)value;
                    break;
                case "governance.queue.waiting" when Tag(tags, "queue") is { } queue:
                    minute.Waiting[queue] = (long)value;
                    break;
                case "governance.queue.wait":
                    minute.QueueWait.Add(value);
                    break;
            }
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    /// <summary>This minute's slot, emptied first if it still holds the minute an hour ago. Under the gate.</summary>
    private Minute Current()
    {
        var now = Now();
        var slot = _minutes[Slot(now)];
        if (slot.Number != now)
        {
            _minutes[Slot(now)] = slot = new Minute { Number = now };
        }

        return slot;
    }

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60;

    private static int Slot(long minute) => (int)(minute % Minutes);

    /// <summary>One minute's figures as heard; gauges are null until sampled in it.</summary>
    private sealed class Minute
    {
        public long Number { get; init; } = -1;

        public Dictionary<string, long> Moves { get; } = new(StringComparer.Ordinal);

        public Distribution MoveTime { get; } = new();

        public Distribution Lateness { get; } = new();

        public Distribution Delivery { get; } = new();

        public long DeliveryFailures { get; set; }

        public Distribution QueueWait { get; } = new();

        public long? TimersPending { get; set; }

        public long? TimersFailing { get; set; }

        public long? Backlog { get; set; }

        public double? OldestAge { get; set; }

        public Dictionary<string, long> Waiting { get; } = new(StringComparer.Ordinal);

        public FiguresMinute Figures(DateTimeOffset at) => new(
            at,
            Moves.GetValueOrDefault("applied"),
            Moves.GetValueOrDefault("stale"),
            Moves.GetValueOrDefault("refused"),
            Moves.GetValueOrDefault("error"),
            MoveTime.Summary(),
            Lateness.Summary(),
            Delivery.Summary(),
            DeliveryFailures,
            QueueWait.Summary(),
            TimersPending,
            TimersFailing,
            Backlog,
            OldestAge,
            Waiting.Count == 0 ? null : new Dictionary<string, long>(Waiting, StringComparer.Ordinal));
    }

    /// <summary>
    /// Values in buckets whose bounds double from 0.25 ms, enough for an average, a maximum and a
    /// 95th percentile good to a factor of two, in a few dozen counts a minute.
    /// </summary>
    private sealed class Distribution
    {
        private const double Smallest = 0.00025;
        private readonly long[] _buckets = new long[40];
        private long _count;
        private double _sum;
        private double _max;

        public void Add(double value)
        {
            _count++;
            _sum += value;
            _max = Math.Max(_max, value);
            var bucket = value <= Smallest ? 0 : (int)Math.Ceiling(Math.Log2(value / Smallest));
            _buckets[Math.Clamp(bucket, 0, _buckets.Length - 1)]++;
        }

        public Spread? Summary()
        {
            if (_count == 0)
            {
                return null;
            }

            var (seen, bucket) = (0L, 0);
            while ((seen += _buckets[bucket]) < Math.Ceiling(_count * 0.95))
            {
                bucket++;
            }

            return new Spread(_count, _sum / _count, Math.Min(_max, Smallest * Math.Pow(2, bucket)), _max);
        }
    }
}

/// <summary>The hour the page charts, a minute at a time, oldest first.</summary>
public sealed record FiguresHour(IReadOnlyList<FiguresMinute> Minutes);

/// <summary>
/// One minute: moves by outcome, how long they took, how late timers fired, how long emails took
/// to go and how many attempts failed, how long the called had waited (seconds); the gauges as
/// last read in it.
/// </summary>
public sealed record FiguresMinute(
    DateTimeOffset At,
    long Applied,
    long Stale,
    long Refused,
    long Errors,
    Spread? MoveTime,
    Spread? Lateness,
    Spread? Delivery,
    long DeliveryFailures,
    Spread? QueueWait,
    long? TimersPending,
    long? TimersFailing,
    long? Backlog,
    double? OldestAge,
    IReadOnlyDictionary<string, long>? Waiting)
{
    public static FiguresMinute Empty(DateTimeOffset at) => new(at, 0, 0, 0, 0, null, null, null, 0, null, null, null, null, null, null);
}

/// <summary>How many values, their average, about their 95th percentile and their largest, in seconds.</summary>
public sealed record Spread(long Count, double Average, double P95, double Max);
