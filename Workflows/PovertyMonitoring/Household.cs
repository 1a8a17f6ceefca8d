using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>
/// A household watched against a return to poverty (防返贫), known by its householder (户主). The ID
/// number is kept only as its SHA-256 (so that the months' screening files find the same household)
/// and masked (what people read); the full number is never stored.
/// </summary>
public sealed class Household
{
    private Household()
    {
    }

    internal Household(string personKey, string idNumberMasked, string householderName, int townshipId, int placeId)
    {
        PersonKey = personKey;
        IdNumberMasked = idNumberMasked;
        HouseholderName = householderName;
        TownshipId = townshipId;
        PlaceId = placeId;
    }

    public int Id { get; private set; }

    /// <summary>SHA-256 of the householder's ID number (upper case), hex.</summary>
    public string PersonKey { get; private set; } = "";

    /// <summary><c>4127**********1234</c>.</summary>
    public string IdNumberMasked { get; private set; } = "";

    public string HouseholderName { get; private set; } = "";

    public int TownshipId { get; private set; }

    /// <summary>The village or community (三零's <c>sanling.places</c>) the household belongs to.</summary>
    public int PlaceId { get; private set; }

    public static string PersonKeyOf(string idNumber) => Privacy.PersonalData.PersonKeyOf(idNumber);

    /// <summary>The latest source's name and village win: a family that moved is worked where it lives now.</summary>
    internal void Seen(string householderName, int townshipId, int placeId)
    {
        HouseholderName = householderName;
        TownshipId = townshipId;
        PlaceId = placeId;
    }
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> e)
    {
        e.ToTable("households", "poverty");
        e.Property(h => h.PersonKey).HasMaxLength(64);
        e.HasIndex(h => h.PersonKey).IsUnique();
        e.Property(h => h.IdNumberMasked).HasMaxLength(18);
        e.Property(h => h.HouseholderName).HasMaxLength(50);
        e.HasIndex(h => h.PlaceId);
    }
}
