using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// 一人一窗一次: one person's one service item, open until a ticket for it is completed. Each
/// ticket is one trip; a ticket returned (退回, e.g. 材料不全) means the person comes again, and
/// the next ticket is the next trip of the same matter. A matter completed after more than one
/// trip is a finding. People are matched by the hash of their ID number (like
/// <c>Booking.PersonKey</c>); a walk-in without one is a one-trip matter of their own.
/// </summary>
public sealed class Matter
{
    private Matter()
    {
    }

    public Guid Id { get; private set; }

    public int HallId { get; private set; }

    public int ItemId { get; private set; }

    public string? PersonKey { get; private set; }

    public int Trips { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The window whose completion ended the matter.</summary>
    public int? CompletedWindowId { get; private set; }

    /// <summary>Needed more than one trip (不符合“最多跑一次”).</summary>
    public bool IsFinding => CompletedAt is not null && Trips > 1;

    internal void Complete(int windowId, DateTimeOffset now)
    {
        CompletedAt = now;
        CompletedWindowId = windowId;
    }
}

internal sealed class MatterConfiguration : IEntityTypeConfiguration<Matter>
{
    public void Configure(EntityTypeBuilder<Matter> e)
    {
        e.ToTable("matters", "queue");
        e.Property(m => m.PersonKey).HasMaxLength(64);
        e.Ignore(m => m.IsFinding);

        // One open matter per person and item, held by the database: the next trip's upsert finds it.
        e.HasIndex(m => new { m.ItemId, m.PersonKey }).IsUnique()
            .HasFilter("completed_at IS NULL AND person_key IS NOT NULL").HasDatabaseName("ux_matters_open_per_person_item");
        e.HasIndex(m => m.CompletedAt).HasFilter("completed_at IS NOT NULL");
        e.HasOne<Hall>().WithMany().HasForeignKey(m => m.HallId);
        e.HasOne<ServiceItem>().WithMany().HasForeignKey(m => m.ItemId);
        e.HasOne<ServiceWindow>().WithMany().HasForeignKey(m => m.CompletedWindowId);
    }
}
