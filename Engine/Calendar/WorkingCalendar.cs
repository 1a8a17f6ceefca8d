using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;

namespace Governance.Engine.Calendar;

/// <summary>
/// Working days and working time in China, from the yearly holiday data. Safe to share between
/// threads: the holiday data is an immutable table that <see cref="Load"/> replaces as a whole when
/// the administrator enters a year. A year without data is counted provisionally (暂定) from
/// weekends and the days the law fixes (<see cref="StatutoryHolidays"/>), with no 调休, so that no
/// work stops for a notice not yet entered; <see cref="FirstYearWithoutData"/> tells a caller whether
/// an answer rests on such a year, to mark it 暂定 and recompute it once the year is entered.
/// Results are expressed with the +08:00 offset.
/// </summary>
public sealed class WorkingCalendar
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private volatile Coverage _coverage;

    /// <summary>Creates the calendar from the loaded holiday data.</summary>
    public WorkingCalendar(HolidayData data)
        : this((data ?? throw new ArgumentNullException(nameof(data))).Years)
    {
    }

    /// <summary>Creates the calendar from years of holiday data; each year may appear once.</summary>
    /// <exception cref="ArgumentException">No year is given, a year is given twice, or two years disagree about a date.</exception>
    public WorkingCalendar(IEnumerable<HolidayYear> years) => _coverage = Coverage.Of(years);

    /// <summary>The arrangements loaded, ordered by year.</summary>
    public IReadOnlyList<HolidayYear> Arrangements => _coverage.Arrangements;

    /// <summary>
    /// Replaces the holiday data, all years at once. A question asked meanwhile is answered from
    /// the old data or the new, never from a mix of them within one lookup of a day.
    /// </summary>
    /// <exception cref="ArgumentException">As for the constructor; the calendar is then unchanged.</exception>
    public void Load(IEnumerable<HolidayYear> years) => _coverage = Coverage.Of(years);

    /// <summary>The years with holiday data, ordered.</summary>
    public IReadOnlyCollection<int> Years => _coverage.Years;

    /// <summary>The last year with holiday data; later years are counted provisionally.</summary>
    public int LastCoveredYear => _coverage.Years[^1];

    /// <summary>Whether holiday data for <paramref name="year"/> is loaded.</summary>
    public bool Covers(int year) => _coverage.WorkingDaysByYear.ContainsKey(year);

    /// <summary>
    /// The first year from the day of <paramref name="from"/> to the day of <paramref name="to"/> (in
    /// either order) that has no holiday data, or null: an answer computed over that span is
    /// provisional (暂定) until the year is entered.
    /// </summary>
    public int? FirstYearWithoutData(DateTimeOffset from, DateTimeOffset to)
    {
        var (first, last) = (ChinaTime.DateOf(from).Year, ChinaTime.DateOf(to).Year);
        for (var year = Math.Min(first, last); year <= Math.Max(first, last); year++)
        {
            if (!Covers(year))
            {
                return year;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="day"/> is a working day: Monday–Friday except days off, plus make-up
    /// working days; in a year without data, provisionally (see <see cref="StatutoryHolidays"/>).
    /// </summary>
    public bool IsWorkingDay(DateOnly day) => _coverage.WorkingDaysOf(day.Year)[day.DayOfYear - 1];

    /// <summary>Whether <paramref name="instant"/> falls inside an opening interval of a working day.</summary>
    public bool IsWorkingTime(DateTimeOffset instant, WeeklyHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var local = ChinaTime.ToLocal(instant);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return hours.On(ChinaTime.DateOf(local), this).Any(i => i.Contains(time));
    }

    /// <summary>
    /// The instant <paramref name="days"/> working days after <paramref name="start"/>, a working
    /// day accruing 24 hours and a day off none: Monday 10:00 + 1 is Tuesday 10:00, Saturday 10:00 + 1
    /// is Tuesday 00:00. Fractions are allowed (80 % of 5 days is 4 days).
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, double days) =>
        Advance(start, ToDuration(days), hours: null);

    /// <summary>
    /// The instant <paramref name="duration"/> of working time (24 hours a working day, as
    /// <see cref="WorkingTimeBetween"/> measures it) after <paramref name="start"/>: what was left
    /// of a limit when its clock stopped, granted again from when it restarts.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return Advance(start, duration, hours: null);
    }

    /// <summary>
    /// The instant after which <paramref name="duration"/> of opening hours on working days has
    /// passed since <paramref name="start"/>. Ending exactly at a closing time gives that closing time.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hours"/> open on no weekday, so no amount of time would ever pass.</exception>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, TimeSpan duration, WeeklyHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);

        // Every year has working Mondays to Fridays (an entered one, and a provisional one too), so
        // a walk ends if the hall opens on one of them; one open only at weekends never would.
        if (duration > TimeSpan.Zero && !Enumerable.Range((int)DayOfWeek.Monday, 5).Any(d => hours.On((DayOfWeek)d).Count > 0))
        {
            throw new ArgumentException("the opening hours include no weekday, so working time never passes", nameof(hours));
        }

        return Advance(start, duration, hours);
    }

    /// <summary>
    /// <paramref name="days"/> calendar days after <paramref name="start"/>, for the limits the
    /// 信访工作条例 sets in calendar days. Needs no holiday data.
    /// </summary>
    public DateTimeOffset AddCalendarDays(DateTimeOffset start, double days) =>
        ChinaTime.ToLocal(start + ToDuration(days));

    /// <summary>
    /// Working time from <paramref name="from"/> to <paramref name="to"/>, 24 hours per working day,
    /// so that <c>WorkingTimeBetween(t, AddWorkingDays(t, d))</c> is <c>d</c> days. Negative if
    /// <paramref name="to"/> comes first.
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingTimeBetween(to, from);
        }

        var total = TimeSpan.Zero;
        foreach (var (start, end) in WorkingIntervals(from, until: to, hours: null))
        {
            total += (end < to ? end : to) - start;
        }

        return total;
    }

    /// <summary>The first working day strictly after <paramref name="day"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly day)
    {
        // Ends: no arrangement, entered or provisional, has a month without a working day.
        do
        {
            day = day.AddDays(1);
        }
        while (!IsWorkingDay(day));

        return day;
    }

    /// <summary>The first working day of a month, when the monthly ranking (月排名) runs.</summary>
    public DateOnly FirstWorkingDayOfMonth(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return IsWorkingDay(first) ? first : NextWorkingDay(first);
    }

    private static TimeSpan ToDuration(double days)
    {
        if (!double.IsFinite(days) || days < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "days must be a finite, non-negative number");
        }

        return TimeSpan.FromDays(days);
    }

    private static bool[] WeekdaysOf(int year)
    {
        var days = new bool[DateTime.IsLeapYear(year) ? 366 : 365];
        var day = new DateOnly(year, 1, 1);
        for (var i = 0; i < days.Length; i++, day = day.AddDays(1))
        {
            days[i] = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        }

        return days;
    }

    // Working-day limits (hours == null) and hall-hour limits share this: consume the duration
    // from the working intervals that follow start, in order.
    private DateTimeOffset Advance(DateTimeOffset start, TimeSpan duration, WeeklyHours? hours)
    {
        if (duration == TimeSpan.Zero)
        {
            return ChinaTime.ToLocal(start);
        }

        var remaining = duration;
        foreach (var (from, to) in WorkingIntervals(start, until: null, hours))
        {
            var available = to - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new UnreachableException("the interval walk never ends: every year has working days");
    }

    /// <summary>
    /// The working intervals from <paramref name="start"/> on, clipped to begin no earlier than it:
    /// whole days of working days when <paramref name="hours"/> is null, else the opening intervals
    /// of working days. Stops at the day that begins at or after <paramref name="until"/>; without it
    /// the sequence is endless, and the caller stops once it has consumed what it needed.
    /// </summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingIntervals(
        DateTimeOffset start, DateTimeOffset? until, WeeklyHours? hours)
    {
        for (var day = ChinaTime.DateOf(start); ; day = day.AddDays(1))
        {
            var midnight = ChinaTime.At(day, TimeOnly.MinValue);
            if (midnight >= until)
            {
                yield break;
            }

            if (!IsWorkingDay(day))
            {
                continue;
            }

            if (hours is null)
            {
                if (Clip(midnight, midnight + OneDay) is { } whole)
                {
                    yield return whole;
                }

                continue;
            }

            foreach (var opening in hours.OnWorkingDay(day))
            {
                if (Clip(ChinaTime.At(day, opening.Open), ChinaTime.At(day, opening.Close)) is { } part)
                {
                    yield return part;
                }
            }
        }

        (DateTimeOffset, DateTimeOffset)? Clip(DateTimeOffset from, DateTimeOffset to)
        {
            var clipped = from < start ? ChinaTime.ToLocal(start) : from;
            return clipped < to ? (clipped, to) : null;
        }
    }

    /// <summary>The holiday data as the calendar reads it: per year, one flag per day.</summary>
    private sealed class Coverage
    {
        // Years without data, computed on first use: the table is replaced whole by Load, so an
        // entered year never leaves a stale provisional one behind.
        private readonly ConcurrentDictionary<int, bool[]> _provisional = new();

        private readonly FrozenDictionary<DateOnly, bool> _declared;

        private Coverage(IReadOnlyList<HolidayYear> arrangements, FrozenDictionary<int, bool[]> workingDaysByYear, FrozenDictionary<DateOnly, bool> declared)
        {
            Arrangements = arrangements;
            WorkingDaysByYear = workingDaysByYear;
            Years = [.. workingDaysByYear.Keys.Order()];
            _declared = declared;
        }

        public IReadOnlyList<HolidayYear> Arrangements { get; }

        // Indexed by DayOfYear - 1: one array lookup per day keeps the interval walks cheap.
        public FrozenDictionary<int, bool[]> WorkingDaysByYear { get; }

        public IReadOnlyList<int> Years { get; }

        public bool[] WorkingDaysOf(int year) =>
            WorkingDaysByYear.TryGetValue(year, out var days) ? days : _provisional.GetOrAdd(year, Provisional);

        /// <summary>
        /// Weekdays less the statutory days off (none outside the years they can be computed for);
        /// then whatever a neighbouring year's notice declares about these dates, as it does for
        /// covered years.
        /// </summary>
        private bool[] Provisional(int year)
        {
            var days = WeekdaysOf(year);
            var statutory = year is >= StatutoryHolidays.FirstYear and <= StatutoryHolidays.LastYear ? StatutoryHolidays.Of(year) : [];
            foreach (var day in statutory.SelectMany(p => p.Days()))
            {
                days[day.DayOfYear - 1] = false;
            }

            foreach (var (day, working) in _declared.Where(d => d.Key.Year == year))
            {
                days[day.DayOfYear - 1] = working;
            }

            return days;
        }

        public static Coverage Of(IEnumerable<HolidayYear> years)
        {
            ArgumentNullException.ThrowIfNull(years);
            var list = years.OrderBy(y => y.Year).ToList();
            if (list.Count == 0)
            {
                throw new ArgumentException("a working calendar needs at least one year of holiday data", nameof(years));
            }

            var table = new Dictionary<int, bool[]>();
            foreach (var year in list)
            {
                if (!table.TryAdd(year.Year, WeekdaysOf(year.Year)))
                {
                    throw new ArgumentException($"holiday data for {year.Year} is given twice", nameof(years));
                }
            }

            // Entries may reach into a neighbouring year (see HolidayYear), so every year's entries are
            // applied to whichever covered year holds the date; a date declared both ways is refused.
            var declared = new Dictionary<DateOnly, (bool Working, int By)>();
            foreach (var year in list)
            {
                foreach (var day in year.DaysOff.SelectMany(p => p.Days()))
                {
                    Declare(day, working: false, year.Year);
                }

                foreach (var day in year.MakeUpWorkdays)
                {
                    Declare(day, working: true, year.Year);
                }
            }

            return new Coverage(list, table.ToFrozenDictionary(), declared.ToFrozenDictionary(d => d.Key, d => d.Value.Working));

            void Declare(DateOnly day, bool working, int by)
            {
                if (declared.TryGetValue(day, out var earlier) && earlier.Working != working)
                {
                    throw new ArgumentException(
                        $"{day:yyyy-MM-dd} is a working day in the data for {(working ? by : earlier.By)} " +
                        $"and a day off in the data for {(working ? earlier.By : by)}",
                        nameof(years));
                }

                declared[day] = (working, by);
                if (table.TryGetValue(day.Year, out var days))
                {
                    days[day.DayOfYear - 1] = working;
                }
            }
        }
    }
}
