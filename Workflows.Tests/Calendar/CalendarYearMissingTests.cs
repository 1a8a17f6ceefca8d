using Governance.Workflows.Calendar;

namespace Governance.Workflows.Tests.Calendar;

public sealed class CalendarYearMissingTests
{
    private static readonly WorkingCalendar Calendar = new(HolidayData.LoadEmbedded());

    [Fact]
    public void A_day_in_2027_is_refused_with_a_bilingual_message()
    {
        var ex = Assert.Throws<CalendarYearMissingException>(() => Calendar.IsWorkingDay(new DateOnly(2027, 1, 4)));

        Assert.Equal(2027, ex.Year);
        Assert.Equal("2027 年的节假日安排尚未录入 (no holiday data for 2027)", ex.Message);
    }

    [Fact]
    public void A_year_before_the_data_is_refused_too() =>
        Assert.Equal(2024, Assert.Throws<CalendarYearMissingException>(() => Calendar.IsWorkingDay(new DateOnly(2024, 6, 3))).Year);

    [Fact]
    public void Walks_into_2027_throw_instead_of_guessing()
    {
        // Wed 30 Dec + 1 stays in 2026; Thu 31 Dec + 1 needs 2027.
        Assert.Equal(Cst.At(2026, 12, 31, 10), Calendar.AddWorkingDays(Cst.At(2026, 12, 30, 10), 1));
        Assert.Equal(2027, Assert.Throws<CalendarYearMissingException>(() => Calendar.AddWorkingDays(Cst.At(2026, 12, 31, 10), 1)).Year);
        Assert.Throws<CalendarYearMissingException>(() => Calendar.AddWorkingHours(Cst.At(2026, 12, 31, 16), TimeSpan.FromHours(2), WeeklyHours.Standard));
        Assert.Throws<CalendarYearMissingException>(() => Calendar.NextWorkingDay(new DateOnly(2026, 12, 31)));
        Assert.Throws<CalendarYearMissingException>(() => Calendar.FirstWorkingDayOfMonth(2027, 1));
        Assert.Throws<CalendarYearMissingException>(() => Calendar.IsWorkingTime(Cst.At(2027, 1, 4, 10), WeeklyHours.Standard));
    }

    [Fact]
    public void A_huge_limit_ends_at_the_data_not_in_an_endless_loop() =>
        Assert.Equal(2027, Assert.Throws<CalendarYearMissingException>(() => Calendar.AddWorkingDays(Cst.At(2025, 1, 2), 10_000)).Year);

    [Fact]
    public void A_year_missing_between_loaded_years_is_refused()
    {
        var data = HolidayData.LoadEmbedded();
        var calendar = new WorkingCalendar(data.Years.Where(y => y.Year == 2025).Append(new HolidayYear(2027, [], [])));

        Assert.Equal(2026, Assert.Throws<CalendarYearMissingException>(() => calendar.AddWorkingDays(Cst.At(2025, 12, 31, 10), 1)).Year);
        Assert.Equal(2027, calendar.LastCoveredYear);
    }
}
