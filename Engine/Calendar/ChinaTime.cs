namespace Governance.Engine.Calendar;

/// <summary>China Standard Time (Asia/Shanghai), the clock every time limit is counted in.</summary>
public static class ChinaTime
{
    /// <summary>UTC+8. China has kept it all year, without daylight saving, since 1991.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    // Resolved on first use only: the arithmetic below uses the fixed offset, so a host whose
    // tz database lacks Asia/Shanghai can still count time limits; only callers that hand the
    // zone to a scheduler need it.
    private static readonly Lazy<TimeZoneInfo> LazyZone =
        new(() => TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    /// <summary>The Asia/Shanghai time zone, for schedulers and formatting.</summary>
    public static TimeZoneInfo Zone => LazyZone.Value;

    /// <summary>The same instant, expressed with the +08:00 offset.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The instant at which China's wall clock shows <paramref name="time"/> on <paramref name="date"/>.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), Offset);

    /// <summary>The calendar date in China at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);
}
