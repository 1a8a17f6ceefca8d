using Governance.Engine.Calendar;

namespace Governance.Workflows.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = new(HolidayData.LoadEmbedded());

    [Theory]
    [InlineData("2026-03-09", true)] // ordinary Monday
    [InlineData("2026-03-07", false)] // ordinary Saturday
    [InlineData("2026-03-08", false)] // ordinary Sunday
    [InlineData("2026-01-01", false)] // 元旦, Thursday
    [InlineData("2026-01-02", false)] // 元旦, Friday
    [InlineData("2026-01-04", true)] // Sunday, make-up working day
    [InlineData("2026-02-13", true)] // Friday before 春节
    [InlineData("2026-02-14", true)] // Saturday, make-up working day
    [InlineData("2026-02-16", false)] // 春节, Monday
    [InlineData("2026-02-23", false)] // 春节, last day off (Monday)
    [InlineData("2026-02-24", true)] // Tuesday after 春节
    [InlineData("2026-02-28", true)] // Saturday, make-up working day
    [InlineData("2026-09-20", true)] // Sunday, make-up working day
    [InlineData("2026-09-25", false)] // 中秋节, Friday
    [InlineData("2026-10-07", false)] // 国庆节, Wednesday
    [InlineData("2026-10-08", true)] // Thursday after 国庆节
    [InlineData("2026-10-10", true)] // Saturday, make-up working day
    [InlineData("2026-10-11", false)] // Sunday
    [InlineData("2025-10-08", false)] // 2025 国庆节、中秋节, Wednesday
    [InlineData("2025-09-28", true)] // 2025 Sunday make-up working day
    public void IsWorkingDay_follows_the_published_arrangement(string date, bool expected) =>
        Assert.Equal(expected, Calendar.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_working_day_later_is_the_same_time_on_the_next_working_day()
    {
        Assert.Equal(Cst.At(2026, 3, 10, 10), Calendar.AddWorkingDays(Cst.At(2026, 3, 9, 10), 1));
        Assert.Equal(Cst.At(2026, 3, 16, 10), Calendar.AddWorkingDays(Cst.At(2026, 3, 13, 10), 1)); // Fri → Mon
    }

    [Fact]
    public void A_start_on_a_weekend_counts_from_midnight_of_the_next_working_day()
    {
        // Saturday 10:00 + 1: the whole of Monday is granted.
        Assert.Equal(Cst.At(2026, 3, 10), Calendar.AddWorkingDays(Cst.At(2026, 3, 7, 10), 1));
        Assert.Equal(Cst.At(2026, 3, 10), Calendar.AddWorkingDays(Cst.At(2026, 3, 8, 23, 59), 1));
    }

    [Fact]
    public void Spring_Festival_2026_is_skipped_and_its_make_up_Saturdays_count()
    {
        // Thu 12 Feb 10:00: 14 h Thu + 24 h Fri 13 + 24 h Sat 14 (make-up) = 62 h; 15–23 off; 10 h of Tue 24.
        Assert.Equal(Cst.At(2026, 2, 24, 10), Calendar.AddWorkingDays(Cst.At(2026, 2, 12, 10), 3));
        Assert.Equal(Cst.At(2026, 2, 14, 10), Calendar.AddWorkingDays(Cst.At(2026, 2, 13, 10), 1));
        Assert.Equal(Cst.At(2026, 2, 24, 10), Calendar.AddWorkingDays(Cst.At(2026, 2, 14, 10), 1));
        // Started during the holiday: counts from Tue 24 00:00.
        Assert.Equal(Cst.At(2026, 2, 25), Calendar.AddWorkingDays(Cst.At(2026, 2, 18, 15), 1));
        Assert.Equal(Cst.At(2026, 2, 28, 10), Calendar.AddWorkingDays(Cst.At(2026, 2, 27, 10), 1));
        Assert.Equal(Cst.At(2026, 3, 2, 10), Calendar.AddWorkingDays(Cst.At(2026, 2, 28, 10), 1));
    }

    [Fact]
    public void National_Day_2026_five_working_day_limit_from_the_eve()
    {
        // Wed 30 Sep 09:00: 15 h; 1–7 Oct off; Thu 8 (39 h), Fri 9 (63 h), Sat 10 make-up (87 h),
        // Sun 11 off, Mon 12 (111 h), then 9 h of Tue 13.
        Assert.Equal(Cst.At(2026, 10, 13, 9), Calendar.AddWorkingDays(Cst.At(2026, 9, 30, 9), 5));
    }

    [Fact]
    public void Eighty_percent_of_a_five_day_limit_is_a_fractional_walk()
    {
        // 4 working days = 96 h: 87 h by the end of Sat 10 Oct, 9 h of Mon 12 Oct.
        Assert.Equal(Cst.At(2026, 10, 12, 9), Calendar.AddWorkingDays(Cst.At(2026, 9, 30, 9), 5 * 0.8));
        Assert.Equal(Cst.At(2026, 3, 10, 6), Calendar.AddWorkingDays(Cst.At(2026, 3, 9, 18), 0.5));
        Assert.Equal(Cst.At(2026, 3, 16, 6), Calendar.AddWorkingDays(Cst.At(2026, 3, 13, 18), 0.5)); // Fri → Mon
    }

    [Fact]
    public void Mid_Autumn_2026_and_its_make_up_Sunday()
    {
        Assert.Equal(Cst.At(2026, 9, 28, 10), Calendar.AddWorkingDays(Cst.At(2026, 9, 24, 10), 1)); // Fri 25–Sun 27 off
        Assert.Equal(Cst.At(2026, 9, 20, 10), Calendar.AddWorkingDays(Cst.At(2026, 9, 18, 10), 1)); // Sun 20 works
    }

    [Fact]
    public void New_Year_2026_crosses_from_the_2025_data_into_the_2026_data()
    {
        // Wed 31 Dec 2025 10:00; 1–3 Jan off; Sunday 4 Jan is a working day.
        Assert.Equal(Cst.At(2026, 1, 4, 10), Calendar.AddWorkingDays(Cst.At(2025, 12, 31, 10), 1));
        Assert.Equal(Cst.At(2026, 1, 5, 10), Calendar.AddWorkingDays(Cst.At(2025, 12, 31, 10), 2));
    }

    [Fact]
    public void Instants_in_other_offsets_are_read_in_China_time_and_results_carry_plus_eight()
    {
        // 2026-03-06T16:30Z is Saturday 00:30 in China.
        var result = Calendar.AddWorkingDays(new DateTimeOffset(2026, 3, 6, 16, 30, 0, TimeSpan.Zero), 1);

        Assert.Equal(Cst.At(2026, 3, 10), result);
        Assert.Equal(TimeSpan.FromHours(8), result.Offset);
    }

    [Fact]
    public void Zero_days_is_the_start_itself() =>
        Assert.Equal(Cst.At(2026, 3, 7, 10), Calendar.AddWorkingDays(Cst.At(2026, 3, 7, 10), 0));

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Nonsense_day_counts_are_refused(double days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(Cst.At(2026, 3, 9), days));

    [Fact]
    public void Calendar_days_ignore_holidays()
    {
        Assert.Equal(Cst.At(2026, 2, 27, 10), Calendar.AddCalendarDays(Cst.At(2026, 2, 12, 10), 15));
        Assert.Equal(Cst.At(2026, 2, 12, 22), Calendar.AddCalendarDays(Cst.At(2026, 2, 12, 10), 0.5));
    }

    [Theory]
    [InlineData(2026, 3, 9, 10, 1.0)]
    [InlineData(2026, 2, 12, 10, 3.0)]
    [InlineData(2026, 2, 14, 10, 1.0)]
    [InlineData(2026, 2, 18, 15, 2.25)]
    [InlineData(2026, 9, 30, 9, 5.0)]
    [InlineData(2026, 9, 30, 9, 4.0)]
    [InlineData(2026, 3, 7, 10, 1.5)]
    [InlineData(2025, 12, 30, 17, 3.0)]
    public void WorkingTimeBetween_round_trips_AddWorkingDays(int year, int month, int day, int hour, double days)
    {
        var start = Cst.At(year, month, day, hour);
        var end = Calendar.AddWorkingDays(start, days);

        Assert.Equal(TimeSpan.FromDays(days), Calendar.WorkingTimeBetween(start, end));
    }

    [Fact]
    public void WorkingTimeBetween_counts_only_working_days()
    {
        Assert.Equal(TimeSpan.FromHours(72), Calendar.WorkingTimeBetween(Cst.At(2026, 2, 12, 10), Cst.At(2026, 2, 24, 10)));
        Assert.Equal(TimeSpan.FromHours(62), Calendar.WorkingTimeBetween(Cst.At(2026, 2, 12, 10), Cst.At(2026, 2, 20, 12)));
        Assert.Equal(TimeSpan.FromHours(-72), Calendar.WorkingTimeBetween(Cst.At(2026, 2, 24, 10), Cst.At(2026, 2, 12, 10)));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(Cst.At(2026, 3, 7, 1), Cst.At(2026, 3, 8, 23)));
    }

    [Fact]
    public void WorkingTimeBetween_runs_on_into_a_year_without_data_provisionally()
    {
        // Mon 28 Dec 2026 to the first instant of 2027: four whole working days; then Fri 1 Jan 2027
        // is 元旦 by law, so it adds nothing even though 2027's notice is not entered.
        Assert.Equal(TimeSpan.FromHours(95), Calendar.WorkingTimeBetween(Cst.At(2026, 12, 28), Cst.At(2026, 12, 31, 23)));
        Assert.Equal(TimeSpan.FromDays(4), Calendar.WorkingTimeBetween(Cst.At(2026, 12, 28), Cst.At(2027, 1, 1)));
        Assert.Equal(TimeSpan.FromDays(4), Calendar.WorkingTimeBetween(Cst.At(2026, 12, 28), Cst.At(2027, 1, 1, 10)));
        Assert.Equal(TimeSpan.FromDays(4) + TimeSpan.FromHours(10), Calendar.WorkingTimeBetween(Cst.At(2026, 12, 28), Cst.At(2027, 1, 4, 10)));
    }

    [Fact]
    public void NextWorkingDay_is_strictly_after()
    {
        Assert.Equal(new DateOnly(2026, 3, 10), Calendar.NextWorkingDay(new DateOnly(2026, 3, 9)));
        Assert.Equal(new DateOnly(2026, 2, 24), Calendar.NextWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.Equal(new DateOnly(2026, 10, 10), Calendar.NextWorkingDay(new DateOnly(2026, 10, 9)));
    }

    [Theory]
    [InlineData(2026, 1, "2026-01-04")] // 1–3 Jan off, Sunday 4 Jan is a make-up working day
    [InlineData(2026, 2, "2026-02-02")] // 1 Feb is a Sunday
    [InlineData(2026, 10, "2026-10-08")] // 1–7 Oct off
    [InlineData(2026, 3, "2026-03-02")] // 1 Mar is a Sunday
    [InlineData(2026, 4, "2026-04-01")] // an ordinary Wednesday
    [InlineData(2025, 10, "2025-10-09")] // 1–8 Oct 2025 off
    public void FirstWorkingDayOfMonth_for_the_monthly_ranking(int year, int month, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Calendar.FirstWorkingDayOfMonth(year, month));

    [Fact]
    public void Covered_years_are_those_loaded()
    {
        Assert.Equal([2025, 2026], Calendar.Years);
        Assert.Equal(2026, Calendar.LastCoveredYear);
        Assert.True(Calendar.Covers(2025));
        Assert.False(Calendar.Covers(2027));
    }
}
