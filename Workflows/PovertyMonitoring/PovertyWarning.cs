using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>Where a warning (预警) came from.</summary>
public enum WarningSource
{
    /// <summary>医保大数据比对: 12-month out-of-pocket medical spending over the threshold.</summary>
    MedicalInsurance,

    /// <summary>教育部门筛查: a student from a family in difficulty.</summary>
    Education,

    /// <summary>干部排查: a village cadre reported the household.</summary>
    CadreReport,

    /// <summary>群众自主申报: the family reported itself.</summary>
    SelfReport,
}

/// <summary>
/// The queryable record of one warning (its instance id is its id): which household, from which
/// source, when, and how its path went — verified and decided in time or not (应纳尽纳), taken in
/// or not, followed up how often, closed when. The workflow instance is the truth about its state;
/// this row is kept in step inside every move. While <see cref="Open"/>, the household gets no
/// second warning (a unique index holds it): a new episode starts only after 风险消除 or 不纳入.
/// </summary>
public sealed class PovertyWarning
{
    private PovertyWarning()
    {
    }

    internal PovertyWarning(Guid id, int householdId, WarningSource source, Guid? importId, int townshipId, int placeId, string orgUnit, decimal? medicalSpending, string? reportedBy, DateTimeOffset raisedAt, DateOnly raisedMonth)
    {
        Id = id;
        HouseholdId = householdId;
        Source = source;
        ImportId = importId;
        TownshipId = townshipId;
        PlaceId = placeId;
        OrgUnit = orgUnit;
        MedicalSpending = medicalSpending;
        ReportedBy = reportedBy;
        RaisedAt = raisedAt;
        RaisedMonth = raisedMonth;
        Open = true;
    }

    public Guid Id { get; private set; }

    public int HouseholdId { get; private set; }

    public WarningSource Source { get; private set; }

    /// <summary>The screening file that raised it, if one did.</summary>
    public Guid? ImportId { get; private set; }

    public int TownshipId { get; private set; }

    public int PlaceId { get; private set; }

    /// <summary>The village's org unit: its team's scope, below its township's.</summary>
    public string OrgUnit { get; private set; } = "";

    /// <summary>医保: the 12-month out-of-pocket sum that crossed the threshold, in yuan.</summary>
    public decimal? MedicalSpending { get; private set; }

    /// <summary>群众自主申报: the citizen's account id, whose own warning they follow; a cadre's for 干部排查.</summary>
    public string? ReportedBy { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    /// <summary>The month (its first day, China time) the warning counts in: the township's monthly list and figure.</summary>
    public DateOnly RaisedMonth { get; private set; }

    /// <summary>Not yet 不纳入 nor 风险消除.</summary>
    public bool Open { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public bool VerifiedOnTime { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public bool DecidedOnTime { get; private set; }

    /// <summary>纳入监测 (true) or 不纳入 (false); null until decided.</summary>
    public bool? Included { get; private set; }

    public int FollowUps { get; private set; }

    public DateTimeOffset? LastFollowUpAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The row of warning <paramref name="id"/>, tracked, for a step to keep in step (its instance id is its id).</summary>
    internal static Task<PovertyWarning> OfAsync(DbContext db, Guid id, CancellationToken ct) => db.Set<PovertyWarning>().SingleAsync(w => w.Id == id, ct);

    /// <summary>Whether a step on <paramref name="instance"/> at <paramref name="now"/> is taken within the limit of the state it leaves.</summary>
    internal static bool InTime(WorkflowInstance instance, DateTimeOffset now) => instance.DueAt is not { } due || now <= due;

    internal void Verified(DateTimeOffset at, bool onTime) => (VerifiedAt, VerifiedOnTime) = (at, onTime);

    internal void Decided(DateTimeOffset at, bool onTime, bool included)
    {
        (DecidedAt, DecidedOnTime, Included) = (at, onTime, included);
        if (!included)
        {
            Close(at);
        }
    }

    internal void FollowedUp(DateTimeOffset at) => (FollowUps, LastFollowUpAt) = (FollowUps + 1, at);

    internal void Close(DateTimeOffset at) => (Open, ClosedAt) = (false, at);
}

internal sealed class PovertyWarningConfiguration : IEntityTypeConfiguration<PovertyWarning>
{
    public void Configure(EntityTypeBuilder<PovertyWarning> e)
    {
        e.ToTable("warnings", "poverty");
        e.Property(w => w.Id).ValueGeneratedNever();
        e.Property(w => w.Source).HasConversion<string>().HasMaxLength(32);
        e.Property(w => w.OrgUnit).HasMaxLength(200);
        e.Property(w => w.ReportedBy).HasMaxLength(450);
        e.Property(w => w.MedicalSpending).HasPrecision(12, 2);
        e.HasOne<Household>().WithMany().HasForeignKey(w => w.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ScreeningImport>().WithMany().HasForeignKey(w => w.ImportId).OnDelete(DeleteBehavior.Restrict);

        // One episode at a time per household: the rule holds even when two sources race.
        e.HasIndex(w => w.HouseholdId).IsUnique().HasFilter("open").HasDatabaseName("ux_warnings_one_open_per_household");
        e.HasIndex(w => new { w.TownshipId, w.RaisedMonth });
        e.HasIndex(w => w.OrgUnit);
        e.HasIndex(w => w.ReportedBy);
    }
}
