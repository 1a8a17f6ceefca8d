using System.Data;
using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Governance.Workflows.Reports;

/// <summary>How a report is handed on: CSV (one sheet) or Excel (one or a few named sheets).</summary>
public enum ReportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// One table of a report: zh-CN headers and the rows under them. A cell is a string, a number or
/// null (blank); numbers stay numbers in Excel, so people can sum them.
/// </summary>
public sealed record ReportSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>A report as downloaded: its zh-CN file name, its media type and its bytes.</summary>
public sealed record ReportFile(string FileName, string ContentType, byte[] Content)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The sheet as CSV, or the sheets as one workbook; <paramref name="name"/> is the file name without its extension.</summary>
    public static ReportFile Of(ReportFormat format, string name, params ReportSheet[] sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        return format == ReportFormat.Csv
            ? new ReportFile($"{name}.csv", CsvContentType, Csv(sheets.Single()))
            : new ReportFile($"{name}.xlsx", XlsxContentType, Xlsx(sheets));
    }

    /// <summary>
    /// UTF-8 with a byte-order mark, so that Excel opens it as such; RFC 4180 quoting. A cell that
    /// starts like a formula is prefixed with an apostrophe, so Excel shows it rather than runs it.
    /// </summary>
    private static byte[] Csv(ReportSheet sheet)
    {
        var csv = new StringBuilder();
        AppendRow(csv, sheet.Headers);
        foreach (var row in sheet.Rows)
        {
            AppendRow(csv, row.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? ""));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];

        static void AppendRow(StringBuilder csv, IEnumerable<string> fields) => csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

        static string Field(string value)
        {
            if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                value = "'" + value;
            }

            return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
        }
    }

    /// <summary>
    /// One worksheet per sheet, headers frozen on the first row, a sheet without rows still headed.
    /// MiniExcel writes every string as a string cell, never as a formula: a summary that starts
    /// with <c>=</c> reads back as the text typed.
    /// </summary>
    private static byte[] Xlsx(IEnumerable<ReportSheet> sheets)
    {
        var tables = sheets.Select(Table).ToList();
        try
        {
            using var stream = new MemoryStream();
            stream.SaveAs(tables.ToDictionary(t => t.TableName, object (t) => t), excelType: ExcelType.XLSX);
            return stream.ToArray();
        }
        finally
        {
            tables.ForEach(t => t.Dispose());
        }

        static DataTable Table(ReportSheet sheet)
        {
            var table = new DataTable(sheet.Name) { Locale = CultureInfo.InvariantCulture };
            foreach (var header in sheet.Headers)
            {
                table.Columns.Add(header, typeof(object));
            }

            foreach (var row in sheet.Rows)
            {
                table.Rows.Add([.. row.Select(c => c ?? DBNull.Value)]);
            }

            return table;
        }
    }
}
