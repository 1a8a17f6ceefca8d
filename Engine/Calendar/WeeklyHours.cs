namespace Governance.Engine.Calendar;

/// <summary>An opening interval on the wall clock in China, from <see cref="Open"/> up to, not including, <see cref="Close"/>.</summary>
public readonly record struct OpeningInterval(TimeOnly Open, TimeOnly Close)
{
    public bool Contains(TimeOnly time) => Open <= time && time < Close;

    public override string ToString() => $"{Open:HH\\:mm}–{Close:HH\\:mm}";
}

/// <summary>
/// The hall's opening hours per day of the week, e.g. Monday–Friday 09:00–12:00 and 13:00–17:00.
/// Only hours of working days count as working time (see <see cref="On(DateOnly, WorkingCalendar)"/>).
/// </summary>
public sealed class WeeklyHours
{
    private readonly IReadOnlyList<OpeningInterval>[] _byDay = new IReadOnlyList<OpeningInterval>[7];

    /// <summary>
    /// Creates the hours from intervals per day; a day missing from the dictionary is closed.
    /// Intervals of one day must not overlap and cannot run past midnight.
    /// </summary>
    public WeeklyHours(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> hours)
    {
        ArgumentNullException.ThrowIfNull(hours);

        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            OpeningInterval[] intervals = hours.TryGetValue(day, out var given)
                ? [.. (given ?? throw new ArgumentException($"{day}: intervals are null", nameof(hours))).OrderBy(i => i.Open)]
                : [];
            for (var i = 0; i < intervals.Length; i++)
            {
                if (intervals[i].Open >= intervals[i].Close)
                {
                    throw new ArgumentException($"{day} {intervals[i]}: opening must be before closing", nameof(hours));
                }

                if (i > 0 && intervals[i].Open < intervals[i - 1].Close)
                {
                    throw new ArgumentException($"{day}: {intervals[i - 1]} and {intervals[i]} overlap", nameof(hours));
                }
            }

            _byDay[(int)day] = intervals;
        }
    }

    /// <summary>Monday–Friday 09:00–17:00: the hall closes at 17:00.</summary>
    public static WeeklyHours Standard { get; } = MondayToFriday(new OpeningInterval(new(9, 0), new(17, 0)));

    /// <summary>The same intervals every Monday to Friday, weekends closed.</summary>
    public static WeeklyHours MondayToFriday(params ReadOnlySpan<OpeningInterval> intervals)
    {
        IReadOnlyList<OpeningInterval> list = intervals.ToArray();
        return new WeeklyHours(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Monday] = list,
            [DayOfWeek.Tuesday] = list,
            [DayOfWeek.Wednesday] = list,
            [DayOfWeek.Thursday] = list,
            [DayOfWeek.Friday] = list,
        });
    }

    /// <summary>The configured intervals of a day of the week, ordered, regardless of holidays.</summary>
    public IReadOnlyList<OpeningInterval> On(DayOfWeek day) => _byDay[(int)day];

    /// <summary>
    /// The intervals that count as working time on <paramref name="date"/>: none on a day off.
    /// </summary>
    public IReadOnlyList<OpeningInterval> On(DateOnly date, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.IsWorkingDay(date) ? OnWorkingDay(date) : [];
    }

    /// <summary>The latest closing time on <paramref name="date"/>, or null if the hall does not open for work that day.</summary>
    public TimeOnly? ClosingTime(DateOnly date, WorkingCalendar calendar) =>
        On(date, calendar) is [.., var last] ? last.Close : null;

    // A make-up working day (调休上班) is a Saturday or Sunday worked in place of a weekday, and the
    // notices do not say which weekday's timetable applies; the hall keeps ordinary weekday hours,
    // so Monday's stand for all of them. The caller has already established that date is a working day.
    internal IReadOnlyList<OpeningInterval> OnWorkingDay(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? On(DayOfWeek.Monday) : On(date.DayOfWeek);
}
