using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Governance.Engine.Calendar;

/// <summary>
/// The holiday arrangements known to the system, one <see cref="HolidayYear"/> per year.
/// The shipped years come from the embedded <c>cn-holidays.json</c>; the administrator adds
/// later ones with <see cref="WithYear"/>.
/// </summary>
public sealed partial class HolidayData
{
    /// <summary>The key of <see cref="Exception.Data"/> under which a <see cref="FormatException"/> names the entry at fault.</summary>
    public const string FieldKey = "field";

    private const string ResourceName = "Governance.Engine.Calendar.cn-holidays.json";
    private const int MaxName = 50;

    /// <summary>Creates the data from checked years; each year may appear once.</summary>
    public HolidayData(IEnumerable<HolidayYear> years, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(years);
        Years = [.. years.OrderBy(y => y.Year)];
        Source = source;

        for (var i = 1; i < Years.Count; i++)
        {
            if (Years[i].Year == Years[i - 1].Year)
            {
                throw new ArgumentException($"holiday data for {Years[i].Year} is given twice", nameof(years));
            }
        }
    }

    /// <summary>Where the data comes from (the State Council notices), if known.</summary>
    public string? Source { get; }

    /// <summary>The years, ordered.</summary>
    public IReadOnlyList<HolidayYear> Years { get; }

    /// <summary>A copy with <paramref name="year"/> added, replacing any earlier entry for the same year.</summary>
    public HolidayData WithYear(HolidayYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        return new HolidayData(Years.Where(y => y.Year != year.Year).Append(year), Source);
    }

    /// <summary>The years shipped with the application (2025 and 2026 at the time of writing).</summary>
    public static HolidayData LoadEmbedded()
    {
        using var stream = typeof(HolidayData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the Workflows assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>
    /// Reads the <c>cn-holidays.json</c> format:
    /// <c>{ "source": "...", "years": { "2026": { "off": [["2026-02-15","2026-02-23","春节"]], "makeUpWorkdays": ["2026-02-14"] } } }</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not valid holiday data; the message names the entry at fault.</exception>
    public static HolidayData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        FileDto file;
        try
        {
            file = JsonSerializer.Deserialize(json, HolidayJsonContext.Default.FileDto)
                ?? throw Malformed("the document is null");
        }
        catch (JsonException ex)
        {
            // Some of System.Text.Json's messages (duplicate keys, for one) leave out where the fault is.
            var where = ex.Path is not null && !ex.Message.Contains("Path:", StringComparison.Ordinal)
                ? $" Path: {ex.Path} | LineNumber: {ex.LineNumber}"
                : "";
            throw Malformed(ex.Message + where, ex);
        }

        var years = new List<HolidayYear>();
        foreach (var (key, dto) in file.Years)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                throw Malformed($"years: key '{key}' is not a year");
            }

            years.Add(YearOf(year, dto.Off, dto.MakeUpWorkdays, $"years.{key}"));
        }

        if (years.Count == 0)
        {
            throw Malformed("years: no year is given");
        }

        return new HolidayData(years, file.Source);
    }

    /// <summary>
    /// One year's arrangement from entries in the file's form: <paramref name="off"/> holds
    /// [first, last, name] per period, <paramref name="makeUpWorkdays"/> dates, all yyyy-MM-dd.
    /// </summary>
    /// <param name="path">Where the entries sit, for the messages (e.g. <c>years.2027</c>); empty for entries on their own.</param>
    /// <exception cref="FormatException">
    /// An entry is malformed or the year is inconsistent; the message names the entry, and
    /// <see cref="Exception.Data"/>[<see cref="FieldKey"/>] holds its path.
    /// </exception>
    public static HolidayYear YearOf(int year, string[][] off, string[] makeUpWorkdays, string path = "")
    {
        ArgumentNullException.ThrowIfNull(off);
        ArgumentNullException.ThrowIfNull(makeUpWorkdays);
        var prefix = path.Length == 0 ? "" : path + ".";
        var periods = new List<HolidayPeriod>();
        for (var i = 0; i < off.Length; i++)
        {
            var entry = off[i];
            var where = $"{prefix}off[{i}]";
            // Nullable annotations are not enforced on array elements, hence the null checks here.
            if (entry?.Length != 3)
            {
                throw Malformed($"{where}: expected [first, last, name], got {(entry is null ? "null" : $"{entry.Length} item(s)")}", field: where);
            }

            // A holiday's name is a few characters (元旦, 劳动节); 10 kB of it was accepted once.
            if (entry[2]?.Length > MaxName)
            {
                throw Malformed($"{where}[2]: a holiday's name is at most {MaxName} characters", field: $"{where}[2]");
            }

            periods.Add(new HolidayPeriod(ParseDate(entry[0], $"{where}[0]"), ParseDate(entry[1], $"{where}[1]"), entry[2]));
        }

        var makeUp = makeUpWorkdays.Select((d, i) => ParseDate(d, $"{prefix}makeUpWorkdays[{i}]")).ToList();
        try
        {
            return new HolidayYear(year, periods, makeUp);
        }
        catch (ArgumentException ex)
        {
            throw Malformed(path.Length == 0 ? ex.Message : $"{path}: {ex.Message}", ex, path.Length == 0 ? "off" : path);
        }
    }

    private static DateOnly ParseDate(string? text, string path) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Malformed($"{path}: {(text is null ? "null" : $"'{text}'")} is not a date in yyyy-MM-dd form", field: path);

    private static FormatException Malformed(string detail, Exception? inner = null, string? field = null)
    {
        var ex = new FormatException($"节假日数据有误 (malformed holiday data): {detail}", inner);
        if (field is not null)
        {
            ex.Data[FieldKey] = field;
        }

        return ex;
    }

    // Source-generated so that parsing also works where reflection-based serialization is off (trimmed or AOT hosts).
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        // Two entries for one year would otherwise be merged silently, the last one winning.
        AllowDuplicateProperties = false)]
    [JsonSerializable(typeof(FileDto))]
    private sealed partial class HolidayJsonContext : JsonSerializerContext;

    private sealed class FileDto
    {
        public string? Source { get; init; }

        public required Dictionary<string, YearDto> Years { get; init; }
    }

    // A misspelt key such as "makeupWorkdays" would otherwise drop every make-up day unnoticed.
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    private sealed class YearDto
    {
        public required string[][] Off { get; init; }

        public required string[] MakeUpWorkdays { get; init; }
    }
}
