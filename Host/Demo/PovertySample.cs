using System.Globalization;
using System.Text;
using Governance.Workflows.PovertyMonitoring;
using Governance.Workflows.Privacy;

namespace Governance.Host.Demo;

/// <summary>
/// A month's medical-insurance file for the demo (the administrator downloads it from the upload
/// page): four households of 永丰镇, two of them over the 20,000-yuan line of 自付 (out-of-pocket)
/// spending — one at 郭丰楼村, whose team is the demo's village account — one at exactly 20,000
/// (not over), one well below. The same bytes all month, so uploading it twice is a duplicate.
/// </summary>
public static class PovertySample
{
    public static string FileName(DateOnly month) => string.Create(CultureInfo.InvariantCulture, $"医保报销数据-{month:yyyy-MM}.csv");

    public static byte[] MedicalCsv(DateOnly month)
    {
        string Line(int person, string name, string village, int day, decimal own, decimal reimbursed) =>
            string.Create(CultureInfo.InvariantCulture, $"{IdNumber(person)},{name},永丰镇,{village},{month.AddDays(day - 1):yyyy-MM-dd},{own + reimbursed:0.00},{reimbursed:0.00},{own:0.00}");
        string[] lines =
        [
            string.Join(",", ScreeningFile.MedicalColumns),
            Line(1, "郭建国", "郭丰楼村", 3, 15_200m, 40_800m),
            Line(1, "郭建国", "郭丰楼村", 17, 8_300m, 21_700m),
            Line(2, "王秀英", "大新村", 5, 8_000m, 16_000m),
            Line(3, "刘德胜", "永丰街社区", 9, 21_000.50m, 52_000m),
            Line(4, "张玉兰", "郭丰楼村", 12, 12_000m, 30_000m),
            Line(4, "张玉兰", "郭丰楼村", 20, 8_000m, 18_000m),
        ];

        // With a BOM, as Excel's "CSV UTF-8" saves it, so that Excel opens it in Chinese too.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];
    }

    /// <summary>A valid 项城市 (411681) ID number, the same for the same person.</summary>
    private static string IdNumber(int person)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"411681{1960 + person}0{person}1{person}{person:000}");
        return body + PersonalData.IdCheckDigit(body);
    }
}
