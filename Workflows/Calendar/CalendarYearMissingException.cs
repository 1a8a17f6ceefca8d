namespace Governance.Workflows.Calendar;

/// <summary>
/// A working-time question reached a year whose holiday arrangement has not been entered.
/// The working calendar is data published by the State Council each year; without it any answer
/// would be a guess, so the question is refused.
/// </summary>
public sealed class CalendarYearMissingException : Exception
{
    /// <summary>Creates the exception for the year that has no holiday data.</summary>
    public CalendarYearMissingException(int year)
        : base($"{year} 年的节假日安排尚未录入 (no holiday data for {year})") => Year = year;

    /// <summary>The year without holiday data.</summary>
    public int Year { get; }
}
