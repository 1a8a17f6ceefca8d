using Governance.Engine.Runtime;
using Governance.Workflows.Reports;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>
/// A hall's 好差评 of one month as an Excel workbook: a line per window and the hall's total, with
/// the count of each level, the satisfaction rate and the rectifications. Counts only: no citizen,
/// no comment.
/// </summary>
public sealed class RatingsExport(RatingQueries ratings)
{
    private static readonly string[] Headers =
    [
        "窗口", .. Enum.GetValues<RatingLevel>().Select(l => l.DisplayName()), "评价总数", "满意率（%）", "差评数", "整改在办", "整改已办结", "整改超期",
    ];

    /// <summary>The workbook, or null when the hall does not exist or is another lead's.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator.</exception>
    public async Task<ReportFile?> ExportAsync(Actor actor, int hallId, string? month, CancellationToken ct)
    {
        if (await ratings.MonthlyWithinScopeAsync(hallId, month, actor, ct) is not { } rollup)
        {
            return null;
        }

        var rows = rollup.Windows.Append(rollup.HallTotal).Select(w => (IReadOnlyList<object?>)
        [
            w.Window, w.VerySatisfied, w.Satisfied, w.BasicallySatisfied, w.Dissatisfied, w.VeryDissatisfied, w.Total,
            w.SatisfactionRate is { } rate ? Math.Round(rate * 100, 1) : null, w.BadCount, w.RectificationsOpen, w.RectificationsClosed, w.RectificationsOverdue,
        ]).ToList();
        return ReportFile.Of(ReportFormat.Xlsx, $"好差评月度统计-{rollup.Hall}-{rollup.Month}", new ReportSheet("好差评月度统计", Headers, rows));
    }
}
