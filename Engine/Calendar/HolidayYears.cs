using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Calendar;

/// <summary>
/// Where the working calendar's data comes from: the years shipped in <c>cn-holidays.json</c>,
/// overlaid with the latest entry of each year the administrator entered. Every node reloads it
/// after an entry of its own and on a short poll, so an entry made on one node reaches the others.
/// </summary>
public sealed class HolidayYears(IDbContextFactory<EngineDbContext> dbFactory, WorkingCalendar calendar)
{
    /// <summary>The years this build ships with.</summary>
    public static HolidayData Shipped { get; } = HolidayData.LoadEmbedded();

    /// <summary>Reads the entered years and loads them, with the shipped ones, into the calendar.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entered = await db.Set<HolidayYearEntry>().AsNoTracking()
            .Where(e => e.Id == db.Set<HolidayYearEntry>().Where(x => x.Year == e.Year).Max(x => x.Id))
            .ToListAsync(ct);
        calendar.Load(Merge(entered.Select(e => e.ToHolidayYear())));
    }

    /// <summary>The shipped years with <paramref name="entered"/> in place of any shipped year of the same number.</summary>
    internal static IEnumerable<HolidayYear> Merge(IEnumerable<HolidayYear> entered)
    {
        var years = Shipped.Years.ToDictionary(y => y.Year);
        foreach (var year in entered)
        {
            years[year.Year] = year;
        }

        return years.Values;
    }
}
