using Governance.Engine.Calendar;

namespace Governance.Engine.Runtime;

/// <summary>What an SLA limit is measured from: the moment a state was entered, with the instance it belongs to.</summary>
public sealed record SlaContext(WorkflowInstance Instance, DateTimeOffset EnteredAt, WorkingCalendar Calendar);

/// <summary>
/// A time limit for staying in a state. Working-day limits count only working days of the
/// holiday calendar; calendar-day limits (信访条例) count every day; a deadline can also be
/// computed from the instance itself (延时: closing time plus a grace period).
/// </summary>
public abstract record SlaLimit(string Description)
{
    /// <summary>The deadline, and the warning point at <paramref name="warnFraction"/> of the limit measured the same way.</summary>
    public abstract (DateTimeOffset WarnAt, DateTimeOffset DueAt) Schedule(SlaContext context, double warnFraction);

    /// <summary>
    /// Whether the limit counts working days, so that a deadline reaching into a year without
    /// holiday data is provisional (暂定) and is computed again once the year is entered.
    /// </summary>
    public virtual bool CountsWorkingDays => false;

    public static SlaLimit WorkingDays(double days) => new WorkingDaysLimit($"{days:0.##} 个工作日", _ => days);

    /// <summary>
    /// Working days the instance itself carries, fixed when it was started (each part of a joint
    /// handling its own, 主办 or 协办, set when the township assigned it).
    /// </summary>
    public static SlaLimit WorkingDays(string description, Func<WorkflowInstance, double> days) => new WorkingDaysLimit(description, days);

    public static SlaLimit CalendarDays(double days) => new CalendarDaysLimit(days);

    public static SlaLimit Until(string description, Func<SlaContext, DateTimeOffset> deadline) => new DeadlineLimit(description, deadline);

    /// <summary>
    /// A number of days each city sets: read from configuration key <paramref name="key"/> (e.g.
    /// <c>ServiceHall:HomeVisits:ReviewWorkingDays</c>; <paramref name="defaultDays"/> when absent)
    /// when an instance starts, and pinned on it (<see cref="WorkflowInstance.PinnedLimit"/>), so a
    /// later change of configuration moves only the deadlines of instances started after it.
    /// Counted from entering the state, unless <paramref name="count"/> says how the pinned days
    /// count (from when a level took the matter over, plus extensions, ...); it is given the context,
    /// the pinned days and the warning fraction.
    /// </summary>
    public static ConfiguredLimit Configured(
        string key,
        double defaultDays,
        LimitKind kind,
        string? description = null,
        Func<SlaContext, double, double, (DateTimeOffset WarnAt, DateTimeOffset DueAt)>? count = null) =>
        new(key, defaultDays, kind, description ?? $"{defaultDays:0.##} 个{(kind == LimitKind.WorkingDays ? "工作日" : "自然日")}（默认，可配置）", count);

    private sealed record WorkingDaysLimit(string Text, Func<WorkflowInstance, double> Days) : SlaLimit(Text)
    {
        public override bool CountsWorkingDays => true;

        public override (DateTimeOffset, DateTimeOffset) Schedule(SlaContext c, double warnFraction)
        {
            var days = Days(c.Instance);
            return (c.Calendar.AddWorkingDays(c.EnteredAt, days * warnFraction), c.Calendar.AddWorkingDays(c.EnteredAt, days));
        }
    }

    private sealed record CalendarDaysLimit(double Days) : SlaLimit($"{Days:0.##} 个自然日")
    {
        public override (DateTimeOffset, DateTimeOffset) Schedule(SlaContext c, double warnFraction) =>
            (c.Calendar.AddCalendarDays(c.EnteredAt, Days * warnFraction), c.Calendar.AddCalendarDays(c.EnteredAt, Days));
    }

    private sealed record DeadlineLimit(string Text, Func<SlaContext, DateTimeOffset> Deadline) : SlaLimit(Text)
    {
        public override (DateTimeOffset, DateTimeOffset) Schedule(SlaContext c, double warnFraction)
        {
            var due = Deadline(c);
            var span = due - c.EnteredAt;
            return (c.EnteredAt + (span > TimeSpan.Zero ? span * warnFraction : TimeSpan.Zero), due);
        }
    }
}

/// <summary>How the days of a <see cref="ConfiguredLimit"/> count: working days on the holiday calendar, or every day.</summary>
public enum LimitKind
{
    WorkingDays,
    CalendarDays,
}

/// <summary>A limit of <see cref="SlaLimit.Configured"/>: its configuration key, documented default and kind.</summary>
public sealed record ConfiguredLimit : SlaLimit
{
    private readonly Func<SlaContext, double, double, (DateTimeOffset, DateTimeOffset)>? _count;

    internal ConfiguredLimit(string key, double defaultDays, LimitKind kind, string description, Func<SlaContext, double, double, (DateTimeOffset, DateTimeOffset)>? count)
        : base(description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        (Key, DefaultDays, Kind, _count) = (key, defaultDays, kind, count);
    }

    public string Key { get; }

    public double DefaultDays { get; }

    public LimitKind Kind { get; }

    public override bool CountsWorkingDays => Kind == LimitKind.WorkingDays;

    public override (DateTimeOffset WarnAt, DateTimeOffset DueAt) Schedule(SlaContext context, double warnFraction)
    {
        ArgumentNullException.ThrowIfNull(context);
        var days = context.Instance.PinnedLimit(Key);
        if (_count is not null)
        {
            return _count(context, days, warnFraction);
        }

        return Kind == LimitKind.WorkingDays
            ? (context.Calendar.AddWorkingDays(context.EnteredAt, days * warnFraction), context.Calendar.AddWorkingDays(context.EnteredAt, days))
            : (context.Calendar.AddCalendarDays(context.EnteredAt, days * warnFraction), context.Calendar.AddCalendarDays(context.EnteredAt, days));
    }
}

/// <summary>
/// The SLA of a state: its limit, a yellow warning (临期预警) at a share of it, and when it runs
/// out (超期) a red alert and/or a trigger fired as the system, e.g. escalate or mark overdue.
/// </summary>
public sealed record SlaSpec(SlaLimit Limit, double WarnFraction, string? ExpiryTrigger)
{
    public IReadOnlyList<NotificationSpec> WarningNotifications { get; init; } = [];

    /// <summary>Sent when the limit is spent, before the expiry trigger (if any) moves the instance.</summary>
    public IReadOnlyList<NotificationSpec> ExpiryNotifications { get; init; } = [];

    /// <summary>Whether running out does anything, so that an expiry timer is worth setting.</summary>
    public bool ActsOnExpiry => ExpiryTrigger is not null || ExpiryNotifications.Count > 0;
}
