using Governance.Engine.Calendar;

namespace Governance.Workflows.Tests.Calendar;

public sealed class CalendarCoverageTests
{
    private static readonly WorkingCalendar Calendar = new(HolidayData.LoadEmbedded());

    [Fact]
    public void November_2026_warns_that_2027_is_missing()
    {
        var warning = CalendarCoverage.Check(Calendar, Cst.At(2026, 11, 15, 10));

        Assert.NotNull(warning);
        Assert.Equal(2027, warning.MissingYear);
        Assert.Equal(47, warning.DaysLeft); // 15 days of November left, then 31 of December, then 1 Jan
        Assert.Contains("2027 年的节假日安排尚未录入", warning.Message, StringComparison.Ordinal);
        Assert.Contains("47 天", warning.Message, StringComparison.Ordinal);
        Assert.Contains("暂定", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void June_2026_is_quiet() => Assert.Null(CalendarCoverage.Check(Calendar, Cst.At(2026, 6, 15, 10)));

    [Fact]
    public void The_warning_starts_exactly_warnDaysAhead_days_before_the_year()
    {
        Assert.Null(CalendarCoverage.Check(Calendar, Cst.At(2026, 11, 1, 23, 59)));
        Assert.Equal(60, CalendarCoverage.Check(Calendar, Cst.At(2026, 11, 2))?.DaysLeft);
        Assert.Null(CalendarCoverage.Check(Calendar, Cst.At(2026, 11, 15), warnDaysAhead: 30));
    }

    [Fact]
    public void A_year_already_begun_without_data_warns_with_no_days_left()
    {
        // 2026-12-31T16:30Z is already 1 January 2027 in China.
        var warning = CalendarCoverage.Check(Calendar, new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));

        Assert.NotNull(warning);
        Assert.Equal(2027, warning.MissingYear);
        Assert.Equal(0, warning.DaysLeft);
        Assert.Contains("暂按法定节假日和周末计算（暂定", warning.Message, StringComparison.Ordinal);
        Assert.Contains("自动按此重算", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_warning_once_the_next_year_is_loaded()
    {
        var calendar = new WorkingCalendar(HolidayData.LoadEmbedded().WithYear(new HolidayYear(2027, [], [])));

        Assert.Null(CalendarCoverage.Check(calendar, Cst.At(2026, 12, 20)));
    }
}
