using Governance.Engine.Calendar;

namespace Governance.Workflows.Tests.Calendar;

/// <summary>A year whose notice is not entered is counted from weekends and the days the law fixes, and says so.</summary>
public sealed class ProvisionalYearTests
{
    private static readonly WorkingCalendar Calendar = new(HolidayData.LoadEmbedded());

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Every_statutory_day_the_law_fixes_is_a_day_off_in_that_years_notice(int year)
    {
        var notice = HolidayData.LoadEmbedded().Years.Single(y => y.Year == year);
        var off = notice.DaysOff.SelectMany(p => p.Days()).ToHashSet();
        var statutory = StatutoryHolidays.Of(year).SelectMany(p => p.Days()).ToList();

        Assert.Equal(1 + 4 + 1 + 2 + 1 + 1 + 3, statutory.Distinct().Count()); // 元旦 春节 清明 劳动 端午 中秋 国庆
        Assert.All(statutory, day => Assert.Contains(day, off));
    }

    [Fact]
    public void The_statutory_days_of_2027_come_from_the_lunisolar_calendar_and_the_solar_term()
    {
        Assert.Equal(
            [
                new HolidayPeriod(new(2027, 1, 1), new(2027, 1, 1), "元旦"),
                new HolidayPeriod(new(2027, 2, 5), new(2027, 2, 8), "春节"), // 除夕 5 Feb, 正月初一 6 Feb
                new HolidayPeriod(new(2027, 4, 5), new(2027, 4, 5), "清明节"),
                new HolidayPeriod(new(2027, 5, 1), new(2027, 5, 2), "劳动节"),
                new HolidayPeriod(new(2027, 6, 9), new(2027, 6, 9), "端午节"),
                new HolidayPeriod(new(2027, 9, 15), new(2027, 9, 15), "中秋节"),
                new HolidayPeriod(new(2027, 10, 1), new(2027, 10, 3), "国庆节"),
            ],
            StatutoryHolidays.Of(2027));
    }

    [Theory]
    [InlineData(2020, "2020-06-25", "2020-10-01")] // 闰四月: the fifth month is the lunisolar calendar's sixth
    [InlineData(2023, "2023-06-22", "2023-09-29")] // 闰二月
    [InlineData(2025, "2025-05-31", "2025-10-06")] // 闰六月: only the eighth month is shifted
    public void Leap_months_shift_the_numbering_of_the_months_after_them(int year, string dragonBoat, string midAutumn)
    {
        var days = StatutoryHolidays.Of(year);

        Assert.Equal(DateOnly.Parse(dragonBoat), days.Single(p => p.Name == "端午节").First);
        Assert.Equal(DateOnly.Parse(midAutumn), days.Single(p => p.Name == "中秋节").First);
    }

    [Fact]
    public void Qingming_follows_the_solar_term_year_by_year()
    {
        int[] april = [4, 4, 5, 5, 4, 4, 5, 5, 4, 4, 5, 5, 4, 4, 5, 5, 4, 4, 5, 5]; // 2008..2027
        Assert.Equal(april, Enumerable.Range(2008, april.Length).Select(y => StatutoryHolidays.QingmingOf(y).Day));
        Assert.All(Enumerable.Range(2008, april.Length), y => Assert.Equal(4, StatutoryHolidays.QingmingOf(y).Month));
    }

    [Fact]
    public void A_walk_into_2027_goes_on_with_weekends_and_statutory_days_and_is_marked_provisional()
    {
        // Wed 30 Dec + 1 stays in 2026; Thu 31 Dec + 1: Fri 1 Jan 2027 is 元旦 by law, then the weekend.
        var inside = Calendar.AddWorkingDays(Cst.At(2026, 12, 30, 10), 1);
        Assert.Equal(Cst.At(2026, 12, 31, 10), inside);
        Assert.Null(Calendar.FirstYearWithoutData(Cst.At(2026, 12, 30, 10), inside));

        var across = Calendar.AddWorkingDays(Cst.At(2026, 12, 31, 10), 1);
        Assert.Equal(Cst.At(2027, 1, 4, 10), across);
        Assert.Equal(2027, Calendar.FirstYearWithoutData(Cst.At(2026, 12, 31, 10), across));

        // 30 working days from 1 Feb 2027 skip 春节 5–8 Feb (Friday to Monday): 2–4 Feb, 9 Feb on.
        Assert.Equal(Cst.At(2027, 3, 17, 10), Calendar.AddWorkingDays(Cst.At(2027, 2, 1, 10), 30));
        Assert.Equal(new DateOnly(2027, 1, 4), Calendar.FirstWorkingDayOfMonth(2027, 1));
        Assert.Equal(new DateOnly(2027, 1, 4), Calendar.NextWorkingDay(new DateOnly(2026, 12, 31)));
        Assert.False(Calendar.IsWorkingTime(Cst.At(2027, 1, 1, 10), WeeklyHours.Standard));
        Assert.True(Calendar.IsWorkingTime(Cst.At(2027, 1, 4, 10), WeeklyHours.Standard));
        Assert.False(Calendar.Covers(2027));
    }

    [Fact]
    public void A_year_before_the_data_and_a_huge_limit_are_answered_too()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2024, 6, 3)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2024, 10, 2)));
        Assert.Equal(2024, Calendar.FirstYearWithoutData(Cst.At(2026, 1, 5), Cst.At(2024, 12, 31)));

        var far = Calendar.AddWorkingDays(Cst.At(2025, 1, 2), 10_000);
        Assert.InRange(far.Year, 2063, 2066);
        Assert.Equal(2027, Calendar.FirstYearWithoutData(Cst.At(2025, 1, 2), far));
    }

    [Fact]
    public void A_year_missing_between_loaded_years_is_provisional_and_entering_it_replaces_the_count()
    {
        var data = HolidayData.LoadEmbedded();
        var calendar = new WorkingCalendar(data.Years.Where(y => y.Year == 2025).Append(new HolidayYear(2027, [], [])));

        // 2026 by law alone: 1 Jan off, no 调休, so Wed 31 Dec 2025 + 1 is Fri 2 Jan.
        Assert.Equal(Cst.At(2026, 1, 2, 10), calendar.AddWorkingDays(Cst.At(2025, 12, 31, 10), 1));
        Assert.Equal(2026, calendar.FirstYearWithoutData(Cst.At(2025, 12, 31, 10), Cst.At(2027, 1, 4)));
        Assert.Equal(2027, calendar.LastCoveredYear);

        calendar.Load(data.Years.Append(new HolidayYear(2027, [], [])));

        // The notice gave 1–3 Jan 2026 off and made Sunday 4 Jan a working day.
        Assert.Equal(Cst.At(2026, 1, 4, 10), calendar.AddWorkingDays(Cst.At(2025, 12, 31, 10), 1));
        Assert.Null(calendar.FirstYearWithoutData(Cst.At(2025, 12, 31, 10), Cst.At(2027, 1, 4)));
    }

    [Fact]
    public void A_neighbouring_notice_that_reaches_into_the_year_is_followed_there()
    {
        // As the 2019 notice gave 30 Dec 2018 off and made Saturday 29 Dec 2018 a working day.
        var calendar = new WorkingCalendar([new HolidayYear(2026, [new(new(2026, 12, 31), new(2027, 1, 3), "元旦")], [new(2027, 1, 9)])]);

        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 1, 9)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 1, 10)));
    }
}
