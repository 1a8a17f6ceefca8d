using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// One city's ranking of one month (月排名), frozen when it was computed: the input figures per
/// township and per place as they stood then, with names as they were, and the ranks. Later edits
/// to the registers change nothing here; the database refuses updates and deletes of these rows.
/// </summary>
public sealed class RankingMonth
{
    private RankingMonth()
    {
    }

    internal RankingMonth(int cityId, DateOnly month, DateTimeOffset computedAt, string computedBy)
    {
        CityId = cityId;
        Month = month;
        ComputedAt = computedAt;
        ComputedBy = computedBy;
    }

    public int CityId { get; private set; }

    /// <summary>The first day of the month ranked.</summary>
    public DateOnly Month { get; private set; }

    public DateTimeOffset ComputedAt { get; private set; }

    /// <summary>Who ran it: the system's schedule or an administrator's name.</summary>
    public string ComputedBy { get; private set; } = "";

    public List<RankedTownship> Townships { get; private set; } = [];

    public List<RankedPlace> Places { get; private set; } = [];
}

/// <summary>A township's line of the month: its places' figures summed, and its rank in the city.</summary>
public sealed class RankedTownship
{
    private RankedTownship()
    {
    }

    internal RankedTownship(int townshipId, string code, string name, int rank, RankingFigures figures)
    {
        TownshipId = townshipId;
        Code = code;
        Name = name;
        Rank = rank;
        Figures = figures;
    }

    public int CityId { get; private set; }

    public DateOnly Month { get; private set; }

    public int TownshipId { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public int Rank { get; private set; }

    public RankingFigures Figures { get; private set; } = null!;
}

/// <summary>A village's (community's, unit's) line of the month: its figures and its rank in its township.</summary>
public sealed class RankedPlace
{
    private RankedPlace()
    {
    }

    internal RankedPlace(PlaceMonth place, int rank)
    {
        PlaceId = place.PlaceId;
        TownshipId = place.TownshipId;
        Code = place.Code;
        Name = place.Name;
        Kind = place.Kind;
        Rank = rank;
        Figures = place.Figures;
    }

    public int CityId { get; private set; }

    public DateOnly Month { get; private set; }

    public int PlaceId { get; private set; }

    public int TownshipId { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public PlaceKind Kind { get; private set; }

    public int Rank { get; private set; }

    public RankingFigures Figures { get; private set; } = null!;
}

internal sealed class RankingMonthConfiguration : IEntityTypeConfiguration<RankingMonth>
{
    public void Configure(EntityTypeBuilder<RankingMonth> e)
    {
        e.ToTable("ranking_months", "sanling");
        e.HasKey(m => new { m.CityId, m.Month });
        e.Property(m => m.ComputedBy).HasMaxLength(100);
        e.HasOne<City>().WithMany().HasForeignKey(m => m.CityId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Townships).WithOne().HasForeignKey(t => new { t.CityId, t.Month }).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Places).WithOne().HasForeignKey(p => new { p.CityId, p.Month }).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RankedTownshipConfiguration : IEntityTypeConfiguration<RankedTownship>
{
    public void Configure(EntityTypeBuilder<RankedTownship> e)
    {
        e.ToTable("ranking_townships", "sanling");
        e.HasKey(t => new { t.CityId, t.Month, t.TownshipId });
        e.Property(t => t.Code).HasMaxLength(32);
        e.Property(t => t.Name).HasMaxLength(50);
        e.ComplexProperty(t => t.Figures);
        e.HasOne<Township>().WithMany().HasForeignKey(t => t.TownshipId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RankedPlaceConfiguration : IEntityTypeConfiguration<RankedPlace>
{
    public void Configure(EntityTypeBuilder<RankedPlace> e)
    {
        e.ToTable("ranking_places", "sanling");
        e.HasKey(p => new { p.CityId, p.Month, p.PlaceId });
        e.Property(p => p.Code).HasMaxLength(32);
        e.Property(p => p.Name).HasMaxLength(100);
        e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        e.ComplexProperty(p => p.Figures);

        // A township's places of a month, for the official's view and the circular.
        e.HasIndex(p => new { p.CityId, p.Month, p.TownshipId });
        e.HasOne<Place>().WithMany().HasForeignKey(p => p.PlaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
