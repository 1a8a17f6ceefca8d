using System.Globalization;

namespace Governance.Engine.Calendar;

/// <summary>
/// The days off that the law itself fixes (《全国年节及纪念日放假办法》 as revised in 2024, art. 2),
/// before any year's notice arranges them: 元旦 1 January; 春节 from 除夕 to 正月初三; 清明 on its
/// solar term; 劳动节 1–2 May; 端午 on 五月初五; 中秋 on 八月十五; 国庆 1–3 October. The yearly
/// notice adds bridging days and make-up working days (调休) around these, which no rule predicts;
/// a year without a notice is counted from these days and weekends alone, and is provisional (暂定).
/// </summary>
public static class StatutoryHolidays
{
    /// <summary>The years this can compute: those of the 21st-century 清明 formula.</summary>
    public const int FirstYear = 2000;

    public const int LastYear = 2099;

    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>
    /// The statutory days off of <paramref name="year"/>, ordered by first day. Two may overlap: 中秋
    /// can fall within 国庆 1–3 October (as in 2020), and then one day is both.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is outside <see cref="FirstYear"/>..<see cref="LastYear"/>.</exception>
    public static IReadOnlyList<HolidayPeriod> Of(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);

        var springFestival = LunarDate(year, 1, 1);
        var dragonBoat = LunarDate(year, 5, 5);
        var midAutumn = LunarDate(year, 8, 15);
        return
        [
            .. new HolidayPeriod[]
            {
                new(new DateOnly(year, 1, 1), new DateOnly(year, 1, 1), "元旦"),
                new(springFestival.AddDays(-1), springFestival.AddDays(2), "春节"),
                new(QingmingOf(year), QingmingOf(year), "清明节"),
                new(new DateOnly(year, 5, 1), new DateOnly(year, 5, 2), "劳动节"),
                new(dragonBoat, dragonBoat, "端午节"),
                new(midAutumn, midAutumn, "中秋节"),
                new(new DateOnly(year, 10, 1), new DateOnly(year, 10, 3), "国庆节"),
            }.OrderBy(p => p.First),
        ];
    }

    /// <summary>
    /// The day of the 清明 solar term in April: the usual formula for 2000–2099,
    /// ⌊Y × 0.2422 + 4.81⌋ − ⌊Y / 4⌋ with Y the last two digits (2025 → 4, 2026 → 5, 2027 → 5, 2028 → 4),
    /// checked against the published solar terms of 2008–2027 (the tests list them).
    /// </summary>
    internal static DateOnly QingmingOf(int year)
    {
        var y = year % 100;
        return new DateOnly(year, 4, (int)Math.Floor((y * 0.2422) + 4.81) - (y / 4));
    }

    /// <summary>
    /// The Gregorian date of a lunar month and day of the lunar year that begins in <paramref name="year"/>.
    /// In a year with a leap month, <see cref="ChineseLunisolarCalendar"/> numbers its months 1..13 and
    /// <see cref="Calendar.GetLeapMonth(int)"/> names the leap one: 闰四月 is month 5, so the ordinary
    /// fifth month is month 6 then, and every month from the leap one on is shifted by one.
    /// </summary>
    private static DateOnly LunarDate(int year, int month, int day)
    {
        var leap = Lunar.GetLeapMonth(year);
        var index = leap > 0 && leap <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
