using System.Globalization;
using Governance.Engine.Calendar;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Governance.Host.Pages.Shared;

/// <summary>Times and durations as people in the hall read them: China time, 24-hour clock.</summary>
public static class Show
{
    public static string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string DateTime(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A limit as a clock: 剩余 2 天 3 小时, or 已超期 5 小时. Written again in Host/wwwroot/clocks.js
    /// (<c>clock</c>), which keeps it going in the browser: change both alike.
    /// </summary>
    public static string Clock(DateTimeOffset due, DateTimeOffset now)
    {
        var left = due - now;
        var span = left.Duration();
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays} 天 {span.Hours} 小时" : span.TotalHours >= 1 ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分钟" : Minutes(span);
        return left < TimeSpan.Zero ? $"已超期 {text}" : $"剩余 {text}";
    }

    /// <summary>
    /// <see cref="Clock"/> as a page shows it: drawn here for the first load (and for no script),
    /// then kept going by the browser (clocks.js), so that a page or a live part need not ask the
    /// server again only because the clock moved on: each such refresh of a signed-in page costs a
    /// sign-in check in the store once a minute (BENCHMARKS.md, "Live pages"). <paramref name="now"/>
    /// goes with it, so that a browser whose own clock is wrong still counts from the server's.
    /// </summary>
    public static IHtmlContent Ticking(DateTimeOffset due, DateTimeOffset now)
    {
        var time = new TagBuilder("time");
        time.Attributes["data-due"] = Instant(due);
        time.Attributes["data-now"] = Instant(now);
        time.InnerHtml.Append(Clock(due, now));
        return time;
    }

    public static string Minutes(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "不足 1 分钟" : $"{(int)span.TotalMinutes} 分钟";

    /// <summary>An instant as every browser's Date.parse reads it (UTC, milliseconds).</summary>
    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
