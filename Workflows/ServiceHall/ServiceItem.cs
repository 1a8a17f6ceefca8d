using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall;

/// <summary>A service item (事项), e.g. 契税, served at some windows of a hall.</summary>
public sealed class ServiceItem
{
    private ServiceItem()
    {
    }

    public ServiceItem(int hallId, string code, string name)
    {
        HallId = hallId;
        Code = code;
        Name = name;
    }

    public int Id { get; private set; }

    public int HallId { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The windows that serve it.</summary>
    public List<ServiceWindow> Windows { get; private set; } = [];

    /// <summary>The windows that serve it from now on, all of its own hall.</summary>
    public void ServeAt(IReadOnlyCollection<ServiceWindow> windows)
    {
        if (windows.Any(w => w.HallId != HallId))
        {
            throw new InvalidOperationException($"item {Code}: a window of another hall");
        }

        Windows.RemoveAll(w => !windows.Contains(w));
        Windows.AddRange([.. windows.Where(w => !Windows.Contains(w))]);
    }
}

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> e)
    {
        e.ToTable("service_items", "hall");
        e.Property(i => i.Code).HasMaxLength(32);
        e.Property(i => i.Name).HasMaxLength(100);
        e.HasIndex(i => new { i.HallId, i.Code }).IsUnique();
        e.HasOne<Hall>().WithMany().HasForeignKey(i => i.HallId);
        e.HasMany(i => i.Windows).WithMany().UsingEntity(
            "window_items",
            r => r.HasOne(typeof(ServiceWindow)).WithMany().HasForeignKey("window_id"),
            l => l.HasOne(typeof(ServiceItem)).WithMany().HasForeignKey("item_id"),
            j => j.ToTable("window_items", "hall"));
    }
}
