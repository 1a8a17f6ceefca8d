using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.Privacy;

/// <summary>Whose personal data a reveal showed: a queue ticket (排队号), a home visit (上门服务) or a party to a dispute (矛盾纠纷当事人).</summary>
public enum RevealSubject
{
    Ticket,
    HomeVisit,
    Dispute,
}

/// <summary>Which number was shown in full.</summary>
public enum PersonalField
{
    Phone,
    IdNumber,
}

/// <summary>
/// One time a member of staff had a masked number shown in full: who, when, which case, which
/// number. The value itself is never copied here. Append-only, held to by the database.
/// </summary>
public sealed class PersonalDataReveal
{
    private PersonalDataReveal()
    {
    }

    internal PersonalDataReveal(Actor actor, RevealSubject subject, Guid subjectId, int? party, string orgUnit, PersonalField field, DateTimeOffset at)
    {
        Party = party;
        ActorId = actor.Id;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        Subject = subject;
        SubjectId = subjectId;
        OrgUnit = orgUnit;
        Field = field;
        At = at;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    public string ActorRole { get; private set; } = "";

    public RevealSubject Subject { get; private set; }

    public Guid SubjectId { get; private set; }

    /// <summary>Which party of a dispute (its ordinal); null for a ticket or a home visit.</summary>
    public int? Party { get; private set; }

    /// <summary>The case's org unit (a window or hall; a dispute's village), so a lead can audit the reveals of their hall.</summary>
    public string OrgUnit { get; private set; } = "";

    public PersonalField Field { get; private set; }
}

internal sealed class PersonalDataRevealConfiguration : IEntityTypeConfiguration<PersonalDataReveal>
{
    public void Configure(EntityTypeBuilder<PersonalDataReveal> e)
    {
        e.ToTable("reveals", "privacy");
        e.Property(r => r.ActorId).HasMaxLength(64);
        e.Property(r => r.ActorName).HasMaxLength(100);
        e.Property(r => r.ActorRole).HasMaxLength(32);
        e.Property(r => r.Subject).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.Field).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.OrgUnit).HasMaxLength(64);
        e.HasIndex(r => new { r.SubjectId, r.At });
        e.HasIndex(r => new { r.OrgUnit, r.At });
    }
}
