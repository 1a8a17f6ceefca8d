using System.Globalization;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.Reports;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// A stored month's ranking and circular (月排名、月通报) as one Excel workbook: the circular's
/// heading and each township's place (月通报), the city's township table (各镇排名), and a sheet per
/// township whose places are within the reader's scope, with the figures frozen when it was ranked.
/// Rates are percentages, numbers stay numbers.
/// </summary>
public sealed class RankingExport(RankingQueries rankings)
{
    private static readonly string[] Figures = ["三零达标率（%）", "矛盾纠纷数", "矛盾不上交数", "矛盾不上交率（%）", "村级化解数", "时限达标数", "时限达标率（%）", "越级上访数", "事故数", "案件数"];

    private static readonly string[] TownshipHeaders = ["名次", "镇（乡、街道）", "村（社区）、单位数", "三零村（社区）、单位数", .. Figures];

    private static readonly string[] PlaceHeaders = ["名次", "村（社区）/单位", "是否三零", .. Figures];

    /// <summary>The workbook, or null when the month has not been ranked or the city is unknown or not the reader's.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a reader of the ranking.</exception>
    public async Task<ReportFile?> ExportAsync(Actor actor, string? month, int? cityId, CancellationToken ct)
    {
        if (await rankings.MonthWithinScopeAsync(actor, month, cityId, ct) is not { } ranking)
        {
            return null;
        }

        var title = Title(ranking);
        var circular = new List<IReadOnlyList<object?>>
        {
            new object?[] { "标题", title },
            new object?[] { "城市", ranking.City },
            new object?[] { "月份", ranking.Month },
            new object?[] { "排名镇（乡、街道）数", ranking.Townships.Count },
            new object?[] { "生成时间", ChinaTime.ToLocal(ranking.ComputedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) },
            new object?[] { "生成", ranking.ComputedBy },
        };
        circular.AddRange(ranking.Townships.Select(t => (IReadOnlyList<object?>)[$"{t.Name}名次", $"第 {t.Rank} 名（共 {ranking.Townships.Count} 个）"]));

        var sheets = new List<ReportSheet>
        {
            new("月通报", ["项目", "内容"], circular),
            new("各镇排名", TownshipHeaders, [.. ranking.Townships.Select(t => Row(t, [t.Places, t.ThreeZeroPlaces]))]),
        };
        sheets.AddRange(ranking.Places.Select(t => new ReportSheet(SheetName(t.Township), PlaceHeaders, [.. t.Places.Select(p => Row(p, [p.ThreeZeroPlaces == 1 ? "是" : "否"]))])));
        return ReportFile.Of(ReportFormat.Xlsx, $"三零月排名与月通报-{ranking.City}-{ranking.Month}", [.. sheets]);
    }

    /// <summary>The circular's heading, as its email and its printed page say it.</summary>
    public static string Title(MonthlyRankingView ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return $"{ranking.City}{(CalendarMonth.TryParse(ranking.Month, out var month) ? month.Chinese : ranking.Month)}“三零”平安创建月通报";
    }

    private static IReadOnlyList<object?> Row(RankingLine l, object?[] counts) =>
    [
        l.Rank, l.Name, .. counts, Percent(l.ThreeZeroRate), l.Disputes, l.KeptAtVillage, Percent(l.KeptRate), l.ResolvedAtVillage,
        l.LimitsMet, Percent(l.LimitsRate), l.SkipLevel, l.Accidents, l.Cases,
    ];

    private static double Percent(double rate) => Math.Round(rate * 100, 1);

    /// <summary>Excel allows 31 characters in a sheet's name; a township's name is far shorter.</summary>
    private static string SheetName(string township) => $"{township}各村（社区）、单位" is var name && name.Length <= 31 ? name : name[..31];
}
