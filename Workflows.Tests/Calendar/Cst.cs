namespace Governance.Workflows.Tests.Calendar;

// Instants on China's wall clock, so that expectations read like the calendar on the wall.
internal static class Cst
{
    public static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));
}
