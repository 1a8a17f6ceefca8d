using System.Globalization;
using Governance.Engine.Calendar;

namespace Governance.Host.Pages.Shared;

/// <summary>Times and durations as people in the hall read them: China time, 24-hour clock.</summary>
public static class Show
{
    public static string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string DateTime(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A limit as a clock: 剩余 2 天 3 小时, or 已超期 5 小时.</summary>
    public static string Clock(DateTimeOffset due, DateTimeOffset now)
    {
        var left = due - now;
        var span = left.Duration();
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays} 天 {span.Hours} 小时" : span.TotalHours >= 1 ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分钟" : Minutes(span);
        return left < TimeSpan.Zero ? $"已超期 {text}" : $"剩余 {text}";
    }

    public static string Minutes(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "不足 1 分钟" : $"{(int)span.TotalMinutes} 分钟";
}
