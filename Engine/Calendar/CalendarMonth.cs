using System.Globalization;

namespace Governance.Engine.Calendar;

/// <summary>
/// A calendar month on China's wall clock, the period monthly figures are counted in (好差评
/// rollup, 三零 status, 月排名). Written <c>yyyy-MM</c> in requests and answers.
/// </summary>
public readonly record struct CalendarMonth(int Year, int Month) : IComparable<CalendarMonth>
{
    /// <summary>What a request is told when its month is not <c>yyyy-MM</c>.</summary>
    public const string FormatHint = "应为 yyyy-MM，例如 2026-10";

    public DateOnly First => new(Year, Month, 1);

    /// <summary>China midnight at the start of the month.</summary>
    public DateTimeOffset Start => ChinaTime.At(First, TimeOnly.MinValue);

    /// <summary>China midnight at the start of the next month (exclusive end).</summary>
    public DateTimeOffset End => ChinaTime.At(First.AddMonths(1), TimeOnly.MinValue);

    public CalendarMonth Previous => Of(First.AddMonths(-1));

    public static CalendarMonth Of(DateOnly day) => new(day.Year, day.Month);

    /// <summary>The month China's wall clock is in at <paramref name="instant"/>.</summary>
    public static CalendarMonth Of(DateTimeOffset instant) => Of(ChinaTime.DateOf(instant));

    /// <summary>Parses <c>yyyy-MM</c> of a plausible year; false for anything else, null and blank included.</summary>
    public static bool TryParse(string? text, out CalendarMonth month)
    {
        var parsed = DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && PlausibleDates.Contains(first);
        month = parsed ? Of(first) : default;
        return parsed;
    }

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    public int CompareTo(CalendarMonth other) => First.CompareTo(other.First);

    public static bool operator <(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) >= 0;

    /// <summary>The month as people write it, 2026年11月.</summary>
    public string Chinese => string.Create(CultureInfo.InvariantCulture, $"{Year}年{Month}月");

    public override string ToString() => First.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
