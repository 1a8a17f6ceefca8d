using System.Globalization;
using System.Net;
using System.Text;
using Governance.Engine.Calendar;

namespace Governance.Notifications.Templates;

/// <summary>
/// To each township official on the first working day of the month: the 三零 monthly ranking
/// circular (月通报), with the city's township table and their own township's villages in detail.
/// </summary>
public sealed class RankingCircularTemplate : EmailTemplate
{
    /// <summary>How the ranking orders, said under its tables (the email, the printed circular).</summary>
    public const string Order = "排名依次比较：三零达标率（高者在前）、矛盾不上交率（高者在前）、时限达标率（高者在前）、越级上访数、事故数、案件数（少者在前）；各项均相同者并列。当月无矛盾纠纷的，不上交率和时限达标率按 100% 计。";

    private static readonly string[] TownshipHeads = ["名次", "镇（乡、街道）", "村（社区）数", "三零村数", "三零达标率", "矛盾纠纷", "矛盾不上交率", "时限达标率", "越级上访", "事故", "案件"];

    private static readonly string[] PlaceHeads = ["名次", "村（社区）、单位", "三零达标", "矛盾纠纷", "村级化解", "矛盾不上交率", "时限达标率", "越级上访", "事故", "案件"];

    public override string Key => "ranking.circular";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (city, month, township) = (model.Text("details.city"), MonthName(model.Text("details.month")), model.Text("details.township"));
        var subject = $"【三零月通报】{city}{month}排名：{township}第 {model.Text("details.rank")} 名（共 {model.Text("details.ofTownships")} 个）";
        var lead = $"{city}{month}“三零”平安创建月排名已经生成，现予通报。{township}在全市排第 {model.Text("details.rank")} 名，本镇各村（社区）、单位排名见下表。";
        var townships = model.Items("details.townships").Select(t => (t.Text("name") == township, (string?[])
        [
            t.Text("rank"), t.Text("name"), t.Text("places"), t.Text("threeZeroPlaces"), Percent(t, "threeZeroRate"), t.Text("disputes"),
            Percent(t, "keptRate"), Percent(t, "limitsRate"), t.Text("skipLevel"), t.Text("accidents"), t.Text("cases"),
        ])).ToList();
        var places = model.Items("details.places").Select(p => (false, (string?[])
        [
            p.Text("rank"), p.Text("name"), p.Text("threeZeroPlaces") == "1" ? "是" : "否", p.Text("disputes"), p.Text("resolvedAtVillage"),
            Percent(p, "keptRate"), Percent(p, "limitsRate"), p.Text("skipLevel"), p.Text("accidents"), p.Text("cases"),
        ])).ToList();

        var text = new StringBuilder($"{recipientName}：\n\n{lead}\n\n一、各镇（乡、街道）排名\n");
        text.AppendJoin('\n', [string.Join(" | ", TownshipHeads), .. townships.Select(t => string.Join(" | ", t.Item2))]).Append($"\n\n二、{township}各村（社区）、单位排名\n");
        text.AppendJoin('\n', [string.Join(" | ", PlaceHeads), .. places.Select(p => string.Join(" | ", p.Item2))]).Append($"\n\n{Order}\n");
        var html = $"""
            <html><body style="font-family:sans-serif">
            <p>{WebUtility.HtmlEncode(recipientName)}：</p>
            <p>{WebUtility.HtmlEncode(lead)}</p>
            <h3>一、各镇（乡、街道）排名</h3>
            {Table(TownshipHeads, townships)}
            <h3>二、{WebUtility.HtmlEncode(township)}各村（社区）、单位排名</h3>
            {Table(PlaceHeads, places)}
            <p style="color:#555">{WebUtility.HtmlEncode(Order)}</p>
            </body></html>
            """;
        return new RenderedEmail(subject, text.ToString(), html);
    }

    /// <summary><c>2026-11</c> as 2026年11月.</summary>
    private static string? MonthName(string? month) =>
        CalendarMonth.TryParse(month, out var parsed) ? parsed.Chinese : month;

    /// <summary>A share such as 0.9333 as 93.3%.</summary>
    private static string? Percent(TemplateModel row, string path) =>
        double.TryParse(row.Text(path), NumberStyles.Float, CultureInfo.InvariantCulture, out var share)
            ? (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
            : null;

    /// <summary>A bordered table; the rows marked true (the reader's own township) in bold.</summary>
    private static string Table(string[] heads, IEnumerable<(bool Own, string?[] Cells)> rows) =>
        "<table cellpadding=\"4\" border=\"1\" style=\"border-collapse:collapse\">"
        + $"<tr>{string.Concat(heads.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>"))}</tr>"
        + string.Concat(rows.Select(r => $"<tr{(r.Own ? " style=\"font-weight:bold;background:#fff3cd\"" : "")}>{string.Concat(r.Cells.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))}</tr>"))
        + "</table>";
}
