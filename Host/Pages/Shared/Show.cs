using System.Globalization;
using Governance.Workflows.Calendar;

namespace Governance.Host.Pages.Shared;

/// <summary>Times and durations as people in the hall read them: China time, 24-hour clock.</summary>
public static class Show
{
    public static string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string DateTime(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Minutes(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "不足 1 分钟" : $"{(int)span.TotalMinutes} 分钟";
}
