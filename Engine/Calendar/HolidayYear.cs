namespace Governance.Engine.Calendar;

/// <summary>A run of statutory days off, both ends inclusive, e.g. 春节 2026-02-15..2026-02-23.</summary>
public sealed record HolidayPeriod(DateOnly First, DateOnly Last, string Name)
{
    /// <summary>Every date of the period, in order.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public override string ToString() => $"{Name} {First:yyyy-MM-dd}..{Last:yyyy-MM-dd}";
}

/// <summary>
/// One year's holiday arrangement as the State Council announces it: the days off (放假) and the
/// weekend days declared working days (调休上班). The constructor refuses inconsistent data with an
/// <see cref="ArgumentException"/> naming the offending entry.
/// </summary>
public sealed record HolidayYear
{
    // A notice may reach into the neighbouring year: the 2019 notice gave 2018-12-30..2019-01-01
    // off and made Saturday 2018-12-29 a working day. Anything further away is a typo.
    private const int MaxDistanceInYears = 1;

    // The longest statutory break so far is nine days; a period of more than a month is a
    // mistyped month, not a holiday.
    private const int MaxPeriodDays = 31;

    /// <summary>Creates and checks a year's arrangement.</summary>
    public HolidayYear(int year, IEnumerable<HolidayPeriod> daysOff, IEnumerable<DateOnly> makeUpWorkdays)
    {
        // No arrangement before 2000 will ever be entered; the bound catches "26" for 2026.
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, DateOnly.MaxValue.Year - MaxDistanceInYears);
        ArgumentNullException.ThrowIfNull(daysOff);
        ArgumentNullException.ThrowIfNull(makeUpWorkdays);

        Year = year;
        var periods = daysOff.ToList();
        if (periods.Any(p => p is null))
        {
            throw Invalid("a period off is null");
        }

        DaysOff = [.. periods.OrderBy(p => p.First)];
        MakeUpWorkdays = [.. makeUpWorkdays.Order()];
        Validate();
    }

    public int Year { get; }

    /// <summary>The periods off, ordered by first day.</summary>
    public IReadOnlyList<HolidayPeriod> DaysOff { get; }

    /// <summary>Saturdays and Sundays that are working days (调休上班), ordered.</summary>
    public IReadOnlyList<DateOnly> MakeUpWorkdays { get; }

    // Records compare list members by reference; two arrangements with the same content are equal.
    public bool Equals(HolidayYear? other) =>
        other is not null
        && Year == other.Year
        && DaysOff.SequenceEqual(other.DaysOff)
        && MakeUpWorkdays.SequenceEqual(other.MakeUpWorkdays);

    public override int GetHashCode() => HashCode.Combine(Year, DaysOff.Count, MakeUpWorkdays.Count);

    private void Validate()
    {
        HolidayPeriod? previous = null;
        foreach (var period in DaysOff)
        {
            if (string.IsNullOrWhiteSpace(period.Name))
            {
                throw Invalid($"the period off {period.First:yyyy-MM-dd}..{period.Last:yyyy-MM-dd} has no name");
            }

            if (period.First > period.Last)
            {
                throw Invalid($"{period}: the first day is after the last day");
            }

            if (period.Last.DayNumber - period.First.DayNumber + 1 > MaxPeriodDays)
            {
                throw Invalid($"{period}: longer than {MaxPeriodDays} days");
            }

            CheckNear(period.First, period.ToString());
            CheckNear(period.Last, period.ToString());

            if (previous is not null && period.First <= previous.Last)
            {
                throw Invalid($"{previous} and {period} overlap");
            }

            previous = period;
        }

        for (var i = 0; i < MakeUpWorkdays.Count; i++)
        {
            var day = MakeUpWorkdays[i];
            CheckNear(day, $"make-up working day {day:yyyy-MM-dd}");

            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw Invalid($"make-up working day {day:yyyy-MM-dd} is a {day.DayOfWeek}, not a weekend day");
            }

            if (i > 0 && MakeUpWorkdays[i - 1] == day)
            {
                throw Invalid($"make-up working day {day:yyyy-MM-dd} is listed twice");
            }

            if (DaysOff.FirstOrDefault(p => p.First <= day && day <= p.Last) is { } clash)
            {
                throw Invalid($"{day:yyyy-MM-dd} is both a make-up working day and inside {clash}");
            }
        }
    }

    private void CheckNear(DateOnly day, string what)
    {
        if (Math.Abs(day.Year - Year) > MaxDistanceInYears)
        {
            throw Invalid($"{what} is not in or next to {Year}");
        }
    }

    private ArgumentException Invalid(string detail) => new($"holiday data for {Year}: {detail}");
}
