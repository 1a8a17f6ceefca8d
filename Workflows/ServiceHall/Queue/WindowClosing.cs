using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>A window closed for the day (闭窗); under 延时 when an extended-hours service was registered for it.</summary>
public sealed class WindowClosing
{
    private WindowClosing()
    {
    }

    internal WindowClosing(int windowId, DateOnly date, string closedBy, Guid? extendedHoursId, DateTimeOffset now)
    {
        WindowId = windowId;
        Date = date;
        ClosedBy = closedBy;
        ExtendedHoursId = extendedHoursId;
        ClosedAt = now;
    }

    public int WindowId { get; private set; }

    public DateOnly Date { get; private set; }

    public DateTimeOffset ClosedAt { get; private set; }

    public string ClosedBy { get; private set; } = "";

    /// <summary>The 延时服务 the remaining tickets are served under, if any.</summary>
    public Guid? ExtendedHoursId { get; private set; }
}

internal sealed class WindowClosingConfiguration : IEntityTypeConfiguration<WindowClosing>
{
    public void Configure(EntityTypeBuilder<WindowClosing> e)
    {
        e.ToTable("window_closings", "queue");
        e.HasKey(c => new { c.WindowId, c.Date });
        e.Property(c => c.ClosedBy).HasMaxLength(64);
        e.HasOne<ServiceWindow>().WithMany().HasForeignKey(c => c.WindowId);
    }
}
