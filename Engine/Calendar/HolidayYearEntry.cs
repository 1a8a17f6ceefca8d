using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Engine.Calendar;

/// <summary>
/// A year's holiday arrangement as the administrator entered it from the State Council's notice
/// (国务院办公厅关于某年部分节假日安排的通知). Entries are kept, never changed: a correction is a
/// new entry, and the latest entry of a year is the one in force, over the shipped data too.
/// </summary>
public sealed class HolidayYearEntry
{
    private HolidayYearEntry()
    {
    }

    public HolidayYearEntry(HolidayYear year, string source, string enteredBy, DateTimeOffset enteredAt)
    {
        Year = year.Year;
        Off = JsonSerializer.Serialize(year.DaysOff.Select(p => new[] { Date(p.First), Date(p.Last), p.Name }));
        MakeUpWorkdays = JsonSerializer.Serialize(year.MakeUpWorkdays.Select(Date));
        Source = source;
        EnteredBy = enteredBy;
        EnteredAt = enteredAt;
    }

    public long Id { get; private set; }

    public int Year { get; private set; }

    /// <summary>The periods off as in <c>cn-holidays.json</c>: [first, last, name] each.</summary>
    public string Off { get; private set; } = "[]";

    /// <summary>The make-up working days (调休上班) as in <c>cn-holidays.json</c>.</summary>
    public string MakeUpWorkdays { get; private set; } = "[]";

    /// <summary>The notice it was taken from.</summary>
    public string Source { get; private set; } = "";

    public string EnteredBy { get; private set; } = "";

    public DateTimeOffset EnteredAt { get; private set; }

    /// <summary>The arrangement, checked again as it is read.</summary>
    public HolidayYear ToHolidayYear() => HolidayData.YearOf(
        Year,
        JsonSerializer.Deserialize<string[][]>(Off) ?? [],
        JsonSerializer.Deserialize<string[]>(MakeUpWorkdays) ?? [],
        $"holiday_years[{Id}]");

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed class HolidayYearEntryConfiguration : IEntityTypeConfiguration<HolidayYearEntry>
{
    public void Configure(EntityTypeBuilder<HolidayYearEntry> e)
    {
        e.ToTable("holiday_years", "wf");
        e.Property(h => h.Off).HasColumnType("jsonb");
        e.Property(h => h.MakeUpWorkdays).HasColumnType("jsonb");
        e.Property(h => h.Source).HasMaxLength(200);
        e.Property(h => h.EnteredBy).HasMaxLength(200);
        e.HasIndex(h => new { h.Year, h.Id });
    }
}
