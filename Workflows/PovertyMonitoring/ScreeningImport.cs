using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>Who screened the data a file holds (大数据比对).</summary>
public enum ScreeningSource
{
    /// <summary>市医保局: the month's reimbursement data of serious illness.</summary>
    MedicalInsurance,

    /// <summary>市教育局: students from families in difficulty (新入学高中生、大学生).</summary>
    Education,
}

/// <summary>
/// One screening file taken in: one per source and month, and one per file content (its SHA-256),
/// so the same file or a second file of the same month is never counted twice.
/// </summary>
public sealed class ScreeningImport
{
    private ScreeningImport()
    {
    }

    internal ScreeningImport(Guid id, ScreeningSource source, DateOnly month, string fileName, string fileHash, string importedBy, DateTimeOffset importedAt)
    {
        Id = id;
        Source = source;
        Month = month;
        FileName = fileName;
        FileHash = fileHash;
        ImportedBy = importedBy;
        ImportedAt = importedAt;
    }

    public Guid Id { get; private set; }

    public ScreeningSource Source { get; private set; }

    /// <summary>The first day of the month the data is of.</summary>
    public DateOnly Month { get; private set; }

    public string FileName { get; private set; } = "";

    /// <summary>SHA-256 of the file's bytes, hex.</summary>
    public string FileHash { get; private set; } = "";

    public string ImportedBy { get; private set; } = "";

    public DateTimeOffset ImportedAt { get; private set; }

    public int RowsRead { get; private set; }

    /// <summary>Households the file flags: over the threshold (医保) or listed (教育).</summary>
    public int HouseholdsFlagged { get; private set; }

    public int WarningsCreated { get; private set; }

    /// <summary>Flagged households that already had an open warning or were under monitoring.</summary>
    public int AlreadyWarned { get; private set; }

    internal void Counted(int rowsRead, int flagged, int created, int alreadyWarned) =>
        (RowsRead, HouseholdsFlagged, WarningsCreated, AlreadyWarned) = (rowsRead, flagged, created, alreadyWarned);
}

/// <summary>One reimbursement line of a medical-insurance file (amounts in yuan): the 12-month sums are read from these.</summary>
public sealed class MedicalClaim
{
    private MedicalClaim()
    {
    }

    internal MedicalClaim(Guid importId, int row, int householdId, DateOnly visitDate, decimal totalCost, decimal reimbursed, decimal outOfPocket)
    {
        ImportId = importId;
        Row = row;
        HouseholdId = householdId;
        VisitDate = visitDate;
        TotalCost = totalCost;
        Reimbursed = reimbursed;
        OutOfPocket = outOfPocket;
    }

    public long Id { get; private set; }

    public Guid ImportId { get; private set; }

    /// <summary>The line of the file it came from (the header is line 1).</summary>
    public int Row { get; private set; }

    public int HouseholdId { get; private set; }

    public DateOnly VisitDate { get; private set; }

    public decimal TotalCost { get; private set; }

    public decimal Reimbursed { get; private set; }

    /// <summary>自付: what the household paid itself, the measure of the threshold.</summary>
    public decimal OutOfPocket { get; private set; }
}

internal sealed class ScreeningImportConfiguration : IEntityTypeConfiguration<ScreeningImport>
{
    public void Configure(EntityTypeBuilder<ScreeningImport> e)
    {
        e.ToTable("screening_imports", "poverty");
        e.Property(i => i.Source).HasConversion<string>().HasMaxLength(32);
        e.Property(i => i.FileName).HasMaxLength(255);
        e.Property(i => i.FileHash).HasMaxLength(64);
        e.Property(i => i.ImportedBy).HasMaxLength(450);
        e.HasIndex(i => new { i.Source, i.Month }).IsUnique();
        e.HasIndex(i => i.FileHash).IsUnique();
    }
}

internal sealed class MedicalClaimConfiguration : IEntityTypeConfiguration<MedicalClaim>
{
    public void Configure(EntityTypeBuilder<MedicalClaim> e)
    {
        e.ToTable("medical_claims", "poverty");
        e.Property(c => c.TotalCost).HasPrecision(12, 2);
        e.Property(c => c.Reimbursed).HasPrecision(12, 2);
        e.Property(c => c.OutOfPocket).HasPrecision(12, 2);
        e.HasOne<ScreeningImport>().WithMany().HasForeignKey(c => c.ImportId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Household>().WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.HouseholdId, c.VisitDate });
        e.HasIndex(c => c.ImportId);
    }
}
