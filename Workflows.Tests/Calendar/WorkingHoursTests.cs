using Governance.Engine.Calendar;

namespace Governance.Workflows.Tests.Calendar;

public sealed class WorkingHoursTests
{
    private static readonly WorkingCalendar Calendar = new(HolidayData.LoadEmbedded());

    // Monday–Friday 09:00–12:00 and 13:00–17:00: seven hours a day.
    private static readonly WeeklyHours WithLunch = WeeklyHours.MondayToFriday(
        new OpeningInterval(new(9, 0), new(12, 0)),
        new OpeningInterval(new(13, 0), new(17, 0)));

    [Theory]
    [InlineData(2026, 3, 9, 11, 0, 2, 2026, 3, 9, 14, 0)] // across the lunch break
    [InlineData(2026, 3, 9, 12, 30, 1, 2026, 3, 9, 14, 0)] // starting in the lunch break
    [InlineData(2026, 3, 9, 16, 0, 2, 2026, 3, 10, 10, 0)] // across the evening
    [InlineData(2026, 3, 9, 20, 0, 1, 2026, 3, 10, 10, 0)] // starting in the evening
    [InlineData(2026, 3, 9, 7, 0, 1, 2026, 3, 9, 10, 0)] // starting before opening
    [InlineData(2026, 3, 13, 16, 30, 1, 2026, 3, 16, 9, 30)] // across the weekend
    [InlineData(2026, 3, 7, 10, 0, 1, 2026, 3, 9, 10, 0)] // starting on a Saturday
    [InlineData(2026, 4, 2, 16, 0, 9, 2026, 4, 7, 10, 0)] // across 清明节 (Sat 4–Mon 6 Apr off)
    [InlineData(2026, 4, 2, 16, 0, 8, 2026, 4, 3, 17, 0)] // ending exactly at closing time
    [InlineData(2026, 2, 13, 16, 0, 2, 2026, 2, 14, 10, 0)] // Sat 14 Feb is a make-up day: Monday's hours
    [InlineData(2026, 2, 14, 16, 0, 2, 2026, 2, 24, 10, 0)] // then 春节
    [InlineData(2026, 3, 9, 9, 0, 35, 2026, 3, 13, 17, 0)] // a whole week
    public void AddWorkingHours_counts_opening_hours_of_working_days_only(
        int y, int mo, int d, int h, int mi, int hours, int ey, int emo, int ed, int eh, int emi) =>
        Assert.Equal(
            Cst.At(ey, emo, ed, eh, emi),
            Calendar.AddWorkingHours(Cst.At(y, mo, d, h, mi), TimeSpan.FromHours(hours), WithLunch));

    [Fact]
    public void Standard_hours_close_at_five()
    {
        Assert.Equal(Cst.At(2026, 3, 10, 10), Calendar.AddWorkingHours(Cst.At(2026, 3, 9, 16), TimeSpan.FromHours(2), WeeklyHours.Standard));
        Assert.Equal(Cst.At(2026, 3, 9, 12, 30), Calendar.AddWorkingHours(Cst.At(2026, 3, 9, 12), TimeSpan.FromMinutes(30), WeeklyHours.Standard));
    }

    [Theory]
    [InlineData(2026, 3, 9, 9, 0, true)] // opening instant
    [InlineData(2026, 3, 9, 10, 0, true)]
    [InlineData(2026, 3, 9, 11, 59, true)]
    [InlineData(2026, 3, 9, 12, 0, false)] // lunch
    [InlineData(2026, 3, 9, 12, 30, false)]
    [InlineData(2026, 3, 9, 16, 59, true)]
    [InlineData(2026, 3, 9, 17, 0, false)] // closing instant
    [InlineData(2026, 3, 9, 8, 59, false)]
    [InlineData(2026, 3, 7, 10, 0, false)] // Saturday
    [InlineData(2026, 2, 14, 10, 0, true)] // make-up Saturday
    [InlineData(2026, 2, 16, 10, 0, false)] // 春节 Monday
    [InlineData(2026, 10, 8, 9, 30, true)]
    public void IsWorkingTime_inside_opening_hours_of_working_days(int y, int mo, int d, int h, int mi, bool expected) =>
        Assert.Equal(expected, Calendar.IsWorkingTime(Cst.At(y, mo, d, h, mi), WithLunch));

    [Fact]
    public void IsWorkingTime_reads_the_instant_in_China_time()
    {
        Assert.True(Calendar.IsWorkingTime(new DateTimeOffset(2026, 3, 9, 2, 0, 0, TimeSpan.Zero), WithLunch)); // 10:00 CST
        Assert.False(Calendar.IsWorkingTime(new DateTimeOffset(2026, 3, 9, 9, 30, 0, TimeSpan.Zero), WithLunch)); // 17:30 CST
        Assert.True(Calendar.IsWorkingTime(new DateTimeOffset(2026, 3, 13, 1, 0, 0, TimeSpan.Zero), WithLunch)); // Fri 09:00 CST
    }

    [Fact]
    public void ClosingTime_is_the_last_close_of_a_working_day()
    {
        Assert.Equal(new TimeOnly(17, 0), WithLunch.ClosingTime(new DateOnly(2026, 3, 9), Calendar));
        Assert.Equal(new TimeOnly(17, 0), WeeklyHours.Standard.ClosingTime(new DateOnly(2026, 2, 28), Calendar)); // make-up Saturday
        Assert.Null(WeeklyHours.Standard.ClosingTime(new DateOnly(2026, 3, 7), Calendar));
        Assert.Null(WeeklyHours.Standard.ClosingTime(new DateOnly(2026, 10, 1), Calendar));
    }

    [Fact]
    public void Make_up_days_use_Monday_hours_even_when_other_weekdays_differ()
    {
        var hours = new WeeklyHours(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Monday] = [new(new(8, 30), new(11, 30))],
            [DayOfWeek.Friday] = [new(new(9, 0), new(12, 0))],
            [DayOfWeek.Saturday] = [new(new(10, 0), new(11, 0))], // a Saturday service, never working time
        });

        Assert.Equal(new TimeOnly(11, 30), hours.ClosingTime(new DateOnly(2026, 2, 14), Calendar));
        Assert.Null(hours.ClosingTime(new DateOnly(2026, 3, 7), Calendar));
        Assert.Null(hours.ClosingTime(new DateOnly(2026, 3, 10), Calendar)); // Tuesday: closed
        Assert.Equal(Cst.At(2026, 2, 14, 9, 30), Calendar.AddWorkingHours(Cst.At(2026, 2, 13, 11), TimeSpan.FromHours(2), hours));
    }

    [Fact]
    public void Overlapping_or_inverted_intervals_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WeeklyHours.MondayToFriday(new OpeningInterval(new(17, 0), new(9, 0))));
        Assert.Throws<ArgumentException>(() => WeeklyHours.MondayToFriday(
            new OpeningInterval(new(9, 0), new(12, 0)),
            new OpeningInterval(new(11, 0), new(17, 0))));
    }

    [Fact]
    public void A_week_open_on_no_weekday_is_refused_rather_than_walked_for_ever() =>
        Assert.Throws<ArgumentException>(() => Calendar.AddWorkingHours(
            Cst.At(2026, 3, 9), TimeSpan.FromHours(1), new WeeklyHours(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>())));
}
