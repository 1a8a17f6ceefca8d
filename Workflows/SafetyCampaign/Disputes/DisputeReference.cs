using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// 受理编号: <c>SL-2026-000123</c>, 三零 (SL), the year of registration on the China wall clock,
/// and the matter's number within that year. The numbers of a year come from one counter row,
/// taken inside the registration's transaction: a registration that rolls back gives its number
/// back, so a year's numbers have no gaps, and two at once wait for each other only for the
/// length of a registration.
/// </summary>
public static class DisputeReference
{
    public const int MaxLength = 16;

    internal static async Task<string> NextAsync(EngineDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var year = ChinaTime.DateOf(now).Year;
        var number = await db.Database.SqlQuery<int>($"""
            INSERT INTO sanling.dispute_numbers (year, last) VALUES ({year}, 1)
            ON CONFLICT (year) DO UPDATE SET last = sanling.dispute_numbers.last + 1
            RETURNING last AS "Value"
            """).ToListAsync(ct);
        return Format(year, number.Single());
    }

    public static string Format(int year, int number) => $"SL-{year}-{number:000000}";
}

/// <summary>The last 受理编号 given in a year.</summary>
internal sealed class DisputeNumber
{
    public int Year { get; private set; }

    public int Last { get; private set; }
}

internal sealed class DisputeNumberConfiguration : IEntityTypeConfiguration<DisputeNumber>
{
    public void Configure(EntityTypeBuilder<DisputeNumber> e)
    {
        e.ToTable("dispute_numbers", "sanling");
        e.HasKey(n => n.Year);
        e.Property(n => n.Year).ValueGeneratedNever();
    }
}
