using System.Globalization;
using Governance.Engine.Runtime;
using Governance.Workflows.Reports;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// A hall's figures of a day or a month as an Excel workbook, named after the day or the month: a sheet per window, one per item
/// (each ending with the hall's total) and one per hour. Times in minutes, shares in per cent;
/// counts only, no one's personal data.
/// </summary>
public sealed class HallFiguresExport(HallFiguresQueries figures)
{
    private static readonly string[] ServiceHeaders =
        ["办理数（办结+退回）", "其中退回", "平均等候（分钟）", "最长等候（分钟）", "平均办理（分钟）", "过号号数", "过号次数", "当日未办"];

    private static readonly string[] WindowHeaders = ["窗口", .. ServiceHeaders];

    private static readonly string[] ItemHeaders = ["事项", "取号数", .. ServiceHeaders, "预约签到", "预约爽约", "预约守约率（%）"];

    private static readonly string[] HourHeaders = ["时段", "取号数", "办理数", "平均等候（分钟）"];

    /// <summary>The workbook, or null when the hall does not exist or is another lead's.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator.</exception>
    public async Task<ReportFile?> ExportAsync(Actor actor, int hallId, string? period, CancellationToken ct)
    {
        if (await figures.FiguresAsync(hallId, period, actor, ct) is not { } f)
        {
            return null;
        }

        var total = Service(f.Total.Figures);
        var windows = f.Windows.Select(w => (IReadOnlyList<object?>)[$"{w.Code} {w.Name}", .. Service(w.Figures)])
            .Append([f.Total.Name, .. total]).ToList();
        var items = f.Items.Append(f.Total)
            .Select(i => (IReadOnlyList<object?>)[i.ItemId == 0 ? i.Name : $"{i.Code} {i.Name}", i.Issued, .. Service(i.Figures), i.Kept, i.Missed, Percent(i.KeptShare)])
            .ToList();
        var hours = f.Hours.Select(h => (IReadOnlyList<object?>)[$"{h.Hour:00}:00–{h.Hour + 1:00}:00", h.Issued, h.Served, Minutes(h.AverageWait)]).ToList();
        return ReportFile.Of(
            ReportFormat.Xlsx, $"大厅运行数据-{f.HallName}-{(f.Period == FiguresPeriod.Today ? f.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : f.Period)}",
            new ReportSheet("各窗口", WindowHeaders, windows),
            new ReportSheet("各事项", ItemHeaders, items),
            new ReportSheet("各时段", HourHeaders, hours));
    }

    private static object?[] Service(ServiceFigures s) =>
        [s.Served, s.Returned, Minutes(s.AverageWait), Minutes(s.LongestWait), Minutes(s.AverageService), s.SetAsideTickets, s.SetAsides, s.Unserved];

    private static double? Minutes(TimeSpan? span) => span is { } s ? Math.Round(s.TotalMinutes, 1) : null;

    private static double? Percent(double? share) => share is { } s ? Math.Round(s * 100, 1) : null;
}
