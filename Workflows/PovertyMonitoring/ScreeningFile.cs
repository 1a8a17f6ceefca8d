using Governance.Engine;
using System.Globalization;
using System.Text;
using Governance.Workflows.Privacy;
using Governance.Workflows.SafetyCampaign.Organisation;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>A line of the medical-insurance file, checked (amounts in yuan).</summary>
public sealed record MedicalRow(int Line, HouseholdFacts Household, DateOnly VisitDate, decimal TotalCost, decimal Reimbursed, decimal OutOfPocket);

/// <summary>A line of the education bureau's file, checked.</summary>
public sealed record EducationRow(int Line, HouseholdFacts Household, StudentFacts Student);

/// <summary>
/// Reads a screening file (UTF-8 CSV, or .xlsx: its first sheet) with MiniExcel: a header line
/// naming the columns (any order; more columns are ignored), then one line per record. Every
/// problem is reported as 第 N 行“列名”：…, up to <see cref="MaxProblems"/> of them, and nothing is
/// taken from a file that has one. The columns are documented in README.md (防返贫动态监测).
/// </summary>
public static class ScreeningFile
{
    public const int MaxProblems = 20;
    public const int MaxRows = 50_000;
    public const string Field = "file";

    public const string HouseholderId = "户主身份证号";
    public const string HouseholderName = "户主姓名";
    public const string TownshipColumn = "乡镇（街道）";
    public const string PlaceColumn = "村（社区）";
    public const string VisitDate = "就诊日期";
    public const string TotalCost = "医疗总费用";
    public const string Reimbursed = "报销金额";
    public const string OutOfPocket = "自付金额";
    public const string StudentId = "学生身份证号";
    public const string StudentName = "学生姓名";
    public const string Stage = "学段";
    public const string Difficulty = "困难情况";

    public static IReadOnlyList<string> MedicalColumns { get; } = [HouseholderId, HouseholderName, TownshipColumn, PlaceColumn, VisitDate, TotalCost, Reimbursed, OutOfPocket];

    public static IReadOnlyList<string> EducationColumns { get; } = [StudentId, StudentName, HouseholderId, HouseholderName, TownshipColumn, PlaceColumn, Stage, Difficulty];

    public static IReadOnlyList<string> ColumnsOf(ScreeningSource source) => source == ScreeningSource.MedicalInsurance ? MedicalColumns : EducationColumns;

    /// <summary>The medical file's lines, each on or before <paramref name="monthEnd"/>.</summary>
    /// <exception cref="RequestValidationException">Any problem, naming its line and column, under <c>file</c>.</exception>
    public static IReadOnlyList<MedicalRow> ReadMedical(byte[] content, PlaceDirectory places, DateOnly monthEnd, DateOnly today) =>
        Read(content, MedicalColumns, (line, r) =>
        {
            var household = r.Household(places, today);
            var visit = r.Date(VisitDate);
            if (visit is { } v && v > monthEnd)
            {
                r.Problem(VisitDate, $"晚于导入月份（{monthEnd:yyyy-MM}）的最后一天");
            }

            var (total, reimbursed, own) = (r.Amount(TotalCost), r.Amount(Reimbursed), r.Amount(OutOfPocket));
            if (total is { } t && reimbursed is { } re && own is { } o && Math.Abs(t - re - o) > 0.01m)
            {
                r.Problem(OutOfPocket, "医疗总费用应等于报销金额与自付金额之和");
            }

            return r.Ok && household is not null ? new MedicalRow(line, household, visit!.Value, total!.Value, reimbursed!.Value, own!.Value) : null;
        });

    /// <summary>The education bureau's lines.</summary>
    /// <exception cref="RequestValidationException">Any problem, naming its line and column, under <c>file</c>.</exception>
    public static IReadOnlyList<EducationRow> ReadEducation(byte[] content, PlaceDirectory places, DateOnly today) =>
        Read(content, EducationColumns, (line, r) =>
        {
            var household = r.Household(places, today);
            var studentId = r.IdNumber(StudentId, today);
            var (name, stage, difficulty) = (r.Text(StudentName, 50), r.Text(Stage, 20), r.Text(Difficulty, 200));
            return r.Ok && household is not null
                ? new EducationRow(line, household, new StudentFacts(name!, PersonalData.MaskIdNumber(studentId), stage!, difficulty!))
                : null;
        });

    private static List<T> Read<T>(byte[] content, IReadOnlyList<string> columns, Func<int, RowReader, T?> read)
        where T : class
    {
        var problems = new List<string>();
        var rows = new List<T>();
        var lines = Lines(content, problems);
        if (problems.Count == 0 && lines.Count == 0)
        {
            problems.Add("文件是空的：第 1 行应为列名");
        }

        Dictionary<string, int>? index = null;
        if (problems.Count == 0)
        {
            index = Header(lines[0], columns, problems);
        }

        if (problems.Count == 0 && lines.Count == 1)
        {
            problems.Add("文件只有列名，没有数据行");
        }

        if (problems.Count == 0 && lines.Count - 1 > MaxRows)
        {
            problems.Add($"数据行不能超过 {MaxRows} 行");
        }

        for (var i = 1; index is not null && i < lines.Count && problems.Count < MaxProblems; i++)
        {
            var cells = lines[i];
            if (cells.All(c => c is null || (c is string s && string.IsNullOrWhiteSpace(s))))
            {
                continue; // a blank line, as spreadsheets leave at the end
            }

            var reader = new RowReader(i + 1, cells, index!, problems);
            if (read(i + 1, reader) is { } row)
            {
                rows.Add(row);
            }
        }

        if (problems.Count > 0)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [Field] = [.. problems.Take(MaxProblems)] });
        }

        return rows;
    }

    /// <summary>The file's lines as cells; an .xlsx is known by its zip signature, anything else must be UTF-8 text.</summary>
    private static List<object?[]> Lines(byte[] content, List<string> problems)
    {
        var xlsx = content.Length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
        if (!xlsx)
        {
            try
            {
                _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(content);
            }
            catch (DecoderFallbackException)
            {
                problems.Add("文件应为 UTF-8 编码的 CSV 或 Excel（.xlsx）文件（从 Excel 另存为“CSV UTF-8”）");
                return [];
            }
        }

        try
        {
            using var stream = new MemoryStream(content, writable: false);
            IConfiguration? configuration = xlsx ? null : new CsvConfiguration { ReadEmptyStringAsNull = true };
            return [.. MiniExcel.Query(stream, useHeaderRow: false, excelType: xlsx ? ExcelType.XLSX : ExcelType.CSV, configuration: configuration)
                .Cast<IDictionary<string, object?>>()
                .Take(MaxRows + 2)
                .Select(r => r.Values.ToArray())];
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            problems.Add("无法读取文件：应为 CSV 或 Excel（.xlsx）文件");
            return [];
        }
    }

    private static Dictionary<string, int>? Header(object?[] cells, IReadOnlyList<string> columns, List<string> problems)
    {
        var names = cells.Select(c => Normalise(c?.ToString())).ToList();
        foreach (var duplicate in names.Where(n => n.Length > 0).GroupBy(n => n).Where(g => g.Count() > 1))
        {
            problems.Add($"第 1 行：列“{duplicate.Key}”出现了不止一次");
        }

        var missing = columns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"第 1 行：缺少列{string.Join("、", missing.Select(m => $"“{m}”"))}（应有列：{string.Join("、", columns)}）");
        }

        return problems.Count > 0 ? null : columns.ToDictionary(c => c, c => names.IndexOf(c));
    }

    /// <summary>Full-width and half-width brackets alike, spaces and a BOM dropped: 乡镇(街道) is 乡镇（街道）.</summary>
    private static string Normalise(string? header) =>
        (header ?? "").Trim().Trim('\uFEFF').Replace(" ", "", StringComparison.Ordinal).Replace('(', '（').Replace(')', '）');

    /// <summary>One line's cells by column name, each check adding its problem.</summary>
    private sealed class RowReader(int line, object?[] cells, Dictionary<string, int> index, List<string> problems)
    {
        public bool Ok { get; private set; } = true;

        public void Problem(string column, string message)
        {
            Ok = false;
            problems.Add($"第 {line} 行“{column}”：{message}");
        }

        private object? Cell(string column) => index[column] < cells.Length ? cells[index[column]] : null;

        public string? Text(string column, int maxLength)
        {
            var value = Cell(column) switch
            {
                null => null,
                double d => d.ToString(CultureInfo.InvariantCulture),
                var v => v.ToString()?.Trim(),
            };
            if (string.IsNullOrEmpty(value))
            {
                Problem(column, "必填");
                return null;
            }

            if (value.Length > maxLength || value.Any(char.IsControl))
            {
                Problem(column, $"应为不超过 {maxLength} 个字的文字");
                return null;
            }

            return value;
        }

        public string IdNumber(string column, DateOnly today)
        {
            var value = Text(column, 18)?.ToUpperInvariant();
            if (value is not null && !PersonalData.IsIdNumber(value, today))
            {
                Problem(column, "身份证号应为 18 位且地区码、出生日期和校验位正确");
            }

            return value ?? "";
        }

        public decimal? Amount(string column)
        {
            decimal? amount = Cell(column) switch
            {
                double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 1e12 => (decimal)d,
                string s when decimal.TryParse(s.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var m) => m,
                _ => null,
            };
            if (amount is not { } a || a < 0 || a > 10_000_000m || decimal.Round(a, 2) != a)
            {
                Problem(column, Cell(column) is null ? "必填" : "应为不小于 0 的金额（元，最多两位小数）");
                return null;
            }

            return a;
        }

        public DateOnly? Date(string column)
        {
            DateOnly? date = Cell(column) switch
            {
                DateTime t => DateOnly.FromDateTime(t),
                double d when d is > 0 and < 2958466 => DateOnly.FromDateTime(DateTime.FromOADate(d)),
                string s when DateOnly.TryParseExact(s.Trim(), ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => parsed,
                _ => null,
            };
            if (date is not { Year: >= 2000 } found)
            {
                Problem(column, Cell(column) is null ? "必填" : "应为日期，如 2026-11-03");
                return null;
            }

            return found;
        }

        public HouseholdFacts? Household(PlaceDirectory places, DateOnly today)
        {
            var id = IdNumber(HouseholderId, today);
            var name = Text(HouseholderName, 50);
            var township = Text(TownshipColumn, 50);
            var placeName = Text(PlaceColumn, 100);
            Place? place = null;
            if (township is not null && placeName is not null)
            {
                if (!places.HasTownship(township))
                {
                    Problem(TownshipColumn, $"没有名为“{township}”的乡镇（街道）");
                }
                else if ((place = places.Find(township, placeName)) is null)
                {
                    Problem(PlaceColumn, $"{township}没有名为“{placeName}”的村（社区）");
                }
            }

            return Ok && place is not null ? new HouseholdFacts(id, name!, place) : null;
        }
    }
}

/// <summary>The villages and communities of every township, by name, as screening files name them.</summary>
public sealed class PlaceDirectory(IEnumerable<Place> places)
{
    // Names are unique within a township (sanling.places), and township names within a city.
    private readonly ILookup<(string Township, string Place), Place> _byName = places
        .Where(p => p.Kind != PlaceKind.Unit)
        .ToLookup(p => (p.Township!.Name, p.Name));

    private readonly HashSet<string> _townships = [.. places.Select(p => p.Township!.Name)];

    public bool HasTownship(string township) => _townships.Contains(township);

    public Place? Find(string township, string place) => _byName[(township, place)].FirstOrDefault();
}
