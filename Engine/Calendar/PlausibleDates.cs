namespace Governance.Engine.Calendar;

/// <summary>
/// The dates a request to this system can mean: 2000 to 2099. Outside them a date is a typo or an
/// attack (year 9999 overflowed the arithmetic on it, year 1 too), never a booking, a visit, an
/// incident or a month to rank.
/// </summary>
public static class PlausibleDates
{
    public const string Hint = "日期不合理，须在 2000 年至 2099 年之间";

    public static DateOnly Earliest { get; } = new(2000, 1, 1);

    public static DateOnly Latest { get; } = new(2099, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;
}
