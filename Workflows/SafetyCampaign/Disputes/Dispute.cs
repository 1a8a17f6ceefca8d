using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A dispute (矛盾纠纷) or a petition (信访, bound by the 信访工作条例's calendar-day limits).</summary>
public enum DisputeKind
{
    /// <summary>矛盾纠纷.</summary>
    Dispute,

    /// <summary>信访.</summary>
    Petition,
}

/// <summary>How a matter reached the register. The last two are 越级: the citizen went over the village's head.</summary>
public enum DisputeSource
{
    /// <summary>群众来访 (at the village).</summary>
    WalkIn,

    /// <summary>网格员上报.</summary>
    GridWorker,

    /// <summary>公安（民警）移交.</summary>
    Police,

    /// <summary>12345 热线转办.</summary>
    Hotline,

    /// <summary>越级到镇（乡、街道）.</summary>
    TownshipDirect,

    /// <summary>越级到市.</summary>
    CityDirect,

    /// <summary>群众网上反映: a citizen's own report, worked at the village like a walk-in.</summary>
    Online,
}

/// <summary>A rung of the ladder (村 → 镇 → 市直部门).</summary>
public enum DisputeLevel
{
    Village,
    Township,
    Department,
}

/// <summary>
/// The queryable record of one matter on the ladder (its instance id is its id): where it arose,
/// how it came in, where it stands, where it was resolved and whether in time. The workflow
/// instance is the truth about its state; this row is kept in step inside every transition, so
/// lists, alerts, exports and the monthly ranking (月排名) read columns, never the jsonb payload.
/// </summary>
public sealed class Dispute
{
    private Dispute()
    {
    }

    internal Dispute(Guid id, string reference, DisputeKind kind, MatterCategory category, DisputeSource source, int townshipId, int placeId, string summary, DisputeLevel level, int? departmentId, DateTimeOffset? petitionDueAt, string registeredBy, DateTimeOffset now)
    {
        Id = id;
        Reference = reference;
        Kind = kind;
        Category = category;
        PoliceMatter = category.IsPoliceMatter();
        Source = source;
        SkipLevel = source.IsSkipLevel();
        TownshipId = townshipId;
        PlaceId = placeId;
        Summary = summary;
        ArrivedLevel = level;
        Level = level;
        HighestLevel = level;
        DepartmentId = departmentId;
        PetitionDueAt = petitionDueAt;
        RegisteredBy = registeredBy;
        RegisteredAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>受理编号, e.g. SL-2026-000123: what the reporter quotes and staff search by (<see cref="DisputeReference"/>).</summary>
    public string Reference { get; private set; } = "";

    public DisputeKind Kind { get; private set; }

    public MatterCategory Category { get; private set; }

    /// <summary>In police jurisdiction: worked at the village by the police officer, not the mediator.</summary>
    public bool PoliceMatter { get; private set; }

    public DisputeSource Source { get; private set; }

    /// <summary>越级: arrived at the township or the city directly; counts against the village's 零上访 in the month of <see cref="RegisteredAt"/>.</summary>
    public bool SkipLevel { get; private set; }

    public int TownshipId { get; private set; }

    /// <summary>The village, community or unit where the matter arose.</summary>
    public int PlaceId { get; private set; }

    /// <summary>What the matter is about; no personal data beyond what the parties table holds.</summary>
    public string Summary { get; private set; } = "";

    public string RegisteredBy { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>The level it was registered at (a 越级 one starts above the village).</summary>
    public DisputeLevel ArrivedLevel { get; private set; }

    /// <summary>The level working it now (or that resolved it).</summary>
    public DisputeLevel Level { get; private set; }

    public DisputeLevel HighestLevel { get; private set; }

    /// <summary>The department it is with, at department level.</summary>
    public int? DepartmentId { get; private set; }

    /// <summary>Moves up the ladder, by a person (authority, 事权) or by time.</summary>
    public int Escalations { get; private set; }

    /// <summary>Levels whose time limit ran out (red alert and escalation).</summary>
    public int LimitBreaches { get; private set; }

    public int Extensions { get; private set; }

    /// <summary>信访 only: the 信访工作条例's conclusion bound in force (after its one extension, if granted).</summary>
    public DateTimeOffset? PetitionDueAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DisputeLevel? ResolvedLevel { get; private set; }

    /// <summary>Resolved within the resolving level's limit (extensions included).</summary>
    public bool? ResolvedOnTime { get; private set; }

    public DateTimeOffset? FollowedUpAt { get; private set; }

    /// <summary>The citizen's answer at the follow-up (回访).</summary>
    public bool? Satisfied { get; private set; }

    public int Reopens { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public List<DisputeParty> Parties { get; private set; } = [];

    /// <summary>The row of matter <paramref name="id"/>, tracked, for a move to keep in step.</summary>
    internal static async Task<Dispute> OfAsync(DbContext db, Guid id, CancellationToken ct) =>
        await db.Set<Dispute>().FindAsync([id], ct) ?? throw new InvalidOperationException($"Dispute {id} has no row.");

    internal void EnterLevel(DisputeLevel level, int? departmentId, bool byTime)
    {
        if (level > Level)
        {
            Escalations++;
            LimitBreaches += byTime ? 1 : 0;
        }

        Level = level;
        HighestLevel = level > HighestLevel ? level : HighestLevel;
        DepartmentId = departmentId;
    }

    internal void Extend(DateTimeOffset? petitionDueAt)
    {
        Extensions++;
        PetitionDueAt = petitionDueAt;
    }

    internal void Resolve(DateTimeOffset now, bool onTime)
    {
        ResolvedAt = now;
        ResolvedLevel = Level;
        ResolvedOnTime = onTime;
    }

    internal void FollowUp(bool satisfied, DateTimeOffset now)
    {
        FollowedUpAt = now;
        Satisfied = satisfied;
        if (satisfied)
        {
            ClosedAt = now;
        }
        else
        {
            // Reopened at the level that resolved it: not resolved any more.
            Reopens++;
            ResolvedAt = null;
            ResolvedLevel = null;
            ResolvedOnTime = null;
        }
    }
}

/// <summary>A party to a matter. Phone and ID number are personal data: shown masked to whoever does not need them, never logged.</summary>
public sealed class DisputeParty
{
    private DisputeParty()
    {
    }

    internal DisputeParty(int ordinal, string name, string phone, string? idNumber, string? email)
    {
        Ordinal = ordinal;
        Name = name;
        Phone = phone;
        IdNumber = idNumber;
        Email = email;
    }

    public long Id { get; private set; }

    public Guid DisputeId { get; private set; }

    /// <summary>0 is the applicant (申请人/信访人), who hears of extensions.</summary>
    public int Ordinal { get; private set; }

    public string Name { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string? IdNumber { get; private set; }

    public string? Email { get; private set; }
}

public static class DisputeNames
{
    public static bool IsSkipLevel(this DisputeSource source) => source is DisputeSource.TownshipDirect or DisputeSource.CityDirect;

    /// <summary>Where a matter from <paramref name="source"/> starts: a 越级 one at the level it arrived at.</summary>
    public static DisputeLevel StartLevel(this DisputeSource source) => source switch
    {
        DisputeSource.TownshipDirect => DisputeLevel.Township,
        DisputeSource.CityDirect => DisputeLevel.Department,
        _ => DisputeLevel.Village,
    };

    public static string DisplayName(this DisputeKind kind) => kind == DisputeKind.Petition ? "信访" : "矛盾纠纷";

    public static string DisplayName(this DisputeSource source) => source switch
    {
        DisputeSource.WalkIn => "群众来访",
        DisputeSource.GridWorker => "网格员上报",
        DisputeSource.Police => "公安移交",
        DisputeSource.Hotline => "12345 热线",
        DisputeSource.TownshipDirect => "越级到镇",
        DisputeSource.CityDirect => "越级到市",
        DisputeSource.Online => "群众网上反映",
        _ => source.ToString(),
    };

    public static string DisplayName(this DisputeLevel level) => level switch
    {
        DisputeLevel.Village => "村（社区）",
        DisputeLevel.Township => "镇（乡、街道）",
        DisputeLevel.Department => "市直部门",
        _ => level.ToString(),
    };
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> e)
    {
        e.ToTable("disputes", "sanling");
        e.HasKey(d => d.Id);
        e.Property(d => d.Id).ValueGeneratedNever();
        foreach (var property in new[] { nameof(Dispute.Kind), nameof(Dispute.Category), nameof(Dispute.Source), nameof(Dispute.ArrivedLevel), nameof(Dispute.Level), nameof(Dispute.HighestLevel), nameof(Dispute.ResolvedLevel) })
        {
            e.Property(property).HasConversion<string>().HasMaxLength(32);
        }

        e.Property(d => d.Reference).HasMaxLength(DisputeReference.MaxLength);
        e.HasIndex(d => d.Reference).IsUnique();
        e.Property(d => d.Summary).HasMaxLength(RegisterDisputeHandler.MaxSummary);
        e.Property(d => d.RegisteredBy).HasMaxLength(64);

        // Lists, alerts, the ledger export and the monthly ranking read one township's (or village's) matters of a month.
        e.HasIndex(d => new { d.TownshipId, d.RegisteredAt });
        e.HasIndex(d => new { d.PlaceId, d.RegisteredAt });
        e.HasIndex(d => d.DepartmentId).HasFilter("department_id IS NOT NULL AND closed_at IS NULL");
        e.HasOne<Township>().WithMany().HasForeignKey(d => d.TownshipId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Place>().WithMany().HasForeignKey(d => d.PlaceId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Department>().WithMany().HasForeignKey(d => d.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(d => d.Parties).WithOne().HasForeignKey(p => p.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisputePartyConfiguration : IEntityTypeConfiguration<DisputeParty>
{
    public void Configure(EntityTypeBuilder<DisputeParty> e)
    {
        e.ToTable("dispute_parties", "sanling");
        e.Property(p => p.Name).HasMaxLength(50);
        e.Property(p => p.Phone).HasMaxLength(11);
        e.Property(p => p.IdNumber).HasMaxLength(18);
        e.Property(p => p.Email).HasMaxLength(254);
        e.HasIndex(p => new { p.DisputeId, p.Ordinal }).IsUnique();
    }
}
