using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.SafetyCampaign.Incidents;

/// <summary>Which register: safety accidents (事故, against 零事故) or cases (案件, against 零案件).</summary>
public enum IncidentKind
{
    /// <summary>安全事故.</summary>
    Accident,

    /// <summary>刑事案件、有重大影响的治安案件.</summary>
    Case,
}

/// <summary>What kind of accident or case; each type belongs to one register.</summary>
public enum IncidentType
{
    /// <summary>生产安全事故.</summary>
    ProductionSafety,

    /// <summary>道路交通事故.</summary>
    Traffic,

    /// <summary>火灾事故.</summary>
    Fire,

    /// <summary>其他安全事故（溺水、燃气、建筑施工以外的意外等）.</summary>
    OtherAccident,

    /// <summary>刑事案件.</summary>
    Criminal,

    /// <summary>有重大影响的治安案件.</summary>
    PublicSecurity,
}

/// <summary>
/// An accident's grade after the 生产安全事故报告和调查处理条例 (国务院令第 493 号), which the other
/// kinds of accident follow too: the grade is at least what the casualties imply.
/// </summary>
public enum AccidentSeverity
{
    /// <summary>一般事故.</summary>
    General,

    /// <summary>较大事故: 3–9 deaths or 10–49 serious injuries.</summary>
    Larger,

    /// <summary>重大事故: 10–29 deaths or 50–99 serious injuries.</summary>
    Major,

    /// <summary>特别重大事故: 30 deaths or 100 serious injuries and more.</summary>
    EspeciallyMajor,
}

/// <summary>
/// One accident or case at a village, community or unit, as registered. A plain record rather
/// than a workflow: nothing is worked or timed here (the police and the safety regulators have
/// their own procedures); the row is the register's line, with who registered it and when, and
/// it counts against the place's 三零 in the month it occurred.
/// </summary>
public sealed class Incident
{
    private Incident()
    {
    }

    internal Incident(Guid id, IncidentType type, Place place, DateTimeOffset occurredAt, AccidentSeverity? severity, int deaths, int injuries, string summary, Actor registeredBy, DateTimeOffset now)
    {
        Id = id;
        Kind = type.Kind();
        Type = type;
        TownshipId = place.TownshipId;
        PlaceId = place.Id;
        OccurredAt = occurredAt;
        Severity = severity;
        Deaths = deaths;
        Injuries = injuries;
        Summary = summary;
        RegisteredBy = registeredBy.Id;
        RegisteredByName = registeredBy.Name;
        RegisteredByRole = registeredBy.Role;
        RegisteredAt = now;
    }

    public Guid Id { get; private set; }

    public IncidentKind Kind { get; private set; }

    public IncidentType Type { get; private set; }

    public int TownshipId { get; private set; }

    public int PlaceId { get; private set; }

    /// <summary>When it happened; the month of this instant (China time) is the month it counts against.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Accidents only.</summary>
    public AccidentSeverity? Severity { get; private set; }

    /// <summary>死亡人数 (accidents only; 0 for cases).</summary>
    public int Deaths { get; private set; }

    /// <summary>重伤人数, acute industrial poisoning included (accidents only; 0 for cases).</summary>
    public int Injuries { get; private set; }

    /// <summary>简要经过. No personal data: names of those involved stay with the police and the regulator.</summary>
    public string Summary { get; private set; } = "";

    public string RegisteredBy { get; private set; } = "";

    public string RegisteredByName { get; private set; } = "";

    public string RegisteredByRole { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }
}

public static class IncidentNames
{
    public static IncidentKind Kind(this IncidentType type) =>
        type is IncidentType.Criminal or IncidentType.PublicSecurity ? IncidentKind.Case : IncidentKind.Accident;

    public static string DisplayName(this IncidentKind kind) => kind == IncidentKind.Case ? "案件" : "事故";

    public static string DisplayName(this IncidentType type) => type switch
    {
        IncidentType.ProductionSafety => "生产安全事故",
        IncidentType.Traffic => "道路交通事故",
        IncidentType.Fire => "火灾事故",
        IncidentType.OtherAccident => "其他安全事故",
        IncidentType.Criminal => "刑事案件",
        IncidentType.PublicSecurity => "重大治安案件",
        _ => type.ToString(),
    };

    public static string DisplayName(this AccidentSeverity severity) => severity switch
    {
        AccidentSeverity.General => "一般事故",
        AccidentSeverity.Larger => "较大事故",
        AccidentSeverity.Major => "重大事故",
        AccidentSeverity.EspeciallyMajor => "特别重大事故",
        _ => severity.ToString(),
    };

    /// <summary>The least grade the casualties imply (国务院令第 493 号 第三条); direct economic loss can only raise it.</summary>
    public static AccidentSeverity ImpliedSeverity(int deaths, int injuries) =>
        deaths >= 30 || injuries >= 100 ? AccidentSeverity.EspeciallyMajor
        : deaths >= 10 || injuries >= 50 ? AccidentSeverity.Major
        : deaths >= 3 || injuries >= 10 ? AccidentSeverity.Larger
        : AccidentSeverity.General;
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> e)
    {
        e.ToTable("incidents", "sanling", t =>
        {
            t.HasCheckConstraint("ck_incidents_casualties", "deaths >= 0 AND injuries >= 0");
            t.HasCheckConstraint("ck_incidents_accident_severity", "(kind = 'Accident') = (severity IS NOT NULL)");
        });
        e.HasKey(i => i.Id);
        e.Property(i => i.Id).ValueGeneratedNever();
        e.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(i => i.Type).HasConversion<string>().HasMaxLength(32);
        e.Property(i => i.Severity).HasConversion<string>().HasMaxLength(32);
        e.Property(i => i.Summary).HasMaxLength(IncidentRegister.MaxSummary);
        e.Property(i => i.RegisteredBy).HasMaxLength(64);
        e.Property(i => i.RegisteredByName).HasMaxLength(100);
        e.Property(i => i.RegisteredByRole).HasMaxLength(32);

        // The registers and the monthly 三零 figures read one township's (or place's) incidents of a month.
        e.HasIndex(i => new { i.TownshipId, i.OccurredAt });
        e.HasIndex(i => new { i.PlaceId, i.OccurredAt });
        e.HasOne<Township>().WithMany().HasForeignKey(i => i.TownshipId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Place>().WithMany().HasForeignKey(i => i.PlaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
