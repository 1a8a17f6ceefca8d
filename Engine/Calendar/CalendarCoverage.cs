namespace Governance.Engine.Calendar;

/// <summary>The holiday arrangement for <see cref="MissingYear"/> is needed soon, or already, and has not been entered.</summary>
/// <param name="MissingYear">The first year without data that is current or about to begin.</param>
/// <param name="DaysLeft">Days until that year begins in China; 0 once it has begun.</param>
/// <param name="Message">For the administrator, in zh-CN.</param>
public sealed record CalendarCoverageWarning(int MissingYear, int DaysLeft, string Message);

/// <summary>
/// Tells the administrator, well before a year begins, that its holiday arrangement is missing.
/// Nothing stops meanwhile: limits into that year are provisional (暂定, see <see cref="WorkingCalendar"/>)
/// and are recomputed once it is entered; the warning is there so that they are recomputed early.
/// </summary>
public static class CalendarCoverage
{
    /// <summary>The days before a missing year begins at which the administrator is emailed, once each.</summary>
    public static IReadOnlyList<int> ReminderDays { get; } = [60, 30, 7];

    /// <summary>
    /// A warning when the current year in China has no holiday data, or when the next year has none
    /// and begins within <paramref name="warnDaysAhead"/> days of <paramref name="now"/>; otherwise null.
    /// The State Council's notice for the next year has come out in late October or November; the
    /// default of 60 days starts the warning in early November, leaving time to enter it.
    /// </summary>
    public static CalendarCoverageWarning? Check(WorkingCalendar calendar, DateTimeOffset now, int warnDaysAhead = 60)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegative(warnDaysAhead);

        var today = ChinaTime.DateOf(now);
        if (!calendar.Covers(today.Year))
        {
            return new CalendarCoverageWarning(
                today.Year,
                0,
                $"{today.Year} 年的节假日安排尚未录入，{today.Year} 年的工作日时限暂按法定节假日和周末计算（暂定，未含调休）。" +
                "请立即按国务院办公厅的放假通知录入；录入后，暂定的时限自动按此重算。");
        }

        var next = today.Year + 1;
        var daysLeft = new DateOnly(next, 1, 1).DayNumber - today.DayNumber;
        if (calendar.Covers(next) || daysLeft > warnDaysAhead)
        {
            return null;
        }

        return new CalendarCoverageWarning(
            next,
            daysLeft,
            $"{next} 年的节假日安排尚未录入，距 {next} 年 1 月 1 日还有 {daysLeft} 天；跨入 {next} 年的工作日时限暂按法定节假日和周末计算（暂定，未含调休）。" +
            "请在国务院办公厅发布放假通知后尽快录入；录入后，暂定的时限自动按此重算。");
    }
}
