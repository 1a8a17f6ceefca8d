using System.Text.Json.Serialization;
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

    /// <summary>办理地点: where in the hall it is handled, e.g. 一楼 B 区税务窗口; empty when not given.</summary>
    public string GuideLocation { get; private set; } = "";

    /// <summary>所需材料: what the citizen brings, one line each, in the order the window checks them.</summary>
    public List<string> GuideMaterials { get; private set; } = [];

    /// <summary>注意事项: what else to know before coming.</summary>
    public string GuideNotes { get; private set; } = "";

    /// <summary>办理时限: how long it takes, as the hall promises it (e.g. 即时办结, 3 个工作日).</summary>
    public string GuideTimeLimit { get; private set; } = "";

    /// <summary>The 办事指南 as the citizen reads it before coming.</summary>
    public ServiceGuide Guide => new(GuideLocation, GuideMaterials, GuideNotes, GuideTimeLimit);

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

    /// <summary>The 办事指南 from now on, replacing the one before (see <see cref="SetServiceGuideHandler"/> for its bounds).</summary>
    public void SetGuide(ServiceGuide guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        GuideLocation = guide.Location;
        GuideMaterials = [.. guide.Materials];
        GuideNotes = guide.Notes;
        GuideTimeLimit = guide.TimeLimit;
    }
}

/// <summary>
/// 办事指南 of an item: 办理地点, 所需材料, 注意事项, 办理时限. The windows that serve it are the
/// item's own (<see cref="ServiceItem.Windows"/>).
/// </summary>
public sealed record ServiceGuide(string Location, IReadOnlyList<string> Materials, string Notes, string TimeLimit)
{
    public const int LocationLength = 100;

    public const int NotesLength = 500;

    public const int TimeLimitLength = 50;

    public const int MaterialLength = 100;

    /// <summary>A guide's list of papers fits on a phone's screen or two: more is a pasted document, not a list.</summary>
    public const int MaxMaterials = 20;

    /// <summary>Whether there is anything to show (the pages' business, not the API's).</summary>
    [JsonIgnore]
    public bool IsEmpty => Location.Length == 0 && Materials.Count == 0 && Notes.Length == 0 && TimeLimit.Length == 0;
}

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> e)
    {
        e.ToTable("service_items", "hall");
        e.Property(i => i.Code).HasMaxLength(32);
        e.Property(i => i.Name).HasMaxLength(100);
        e.Property(i => i.GuideLocation).HasMaxLength(ServiceGuide.LocationLength).HasDefaultValue("");
        e.Property(i => i.GuideMaterials).HasDefaultValueSql("'{}'::text[]");
        e.Property(i => i.GuideNotes).HasMaxLength(ServiceGuide.NotesLength).HasDefaultValue("");
        e.Property(i => i.GuideTimeLimit).HasMaxLength(ServiceGuide.TimeLimitLength).HasDefaultValue("");
        e.Ignore(i => i.Guide);
        e.HasIndex(i => new { i.HallId, i.Code }).IsUnique();
        e.HasOne<Hall>().WithMany().HasForeignKey(i => i.HallId);
        e.HasMany(i => i.Windows).WithMany().UsingEntity(
            "window_items",
            r => r.HasOne(typeof(ServiceWindow)).WithMany().HasForeignKey("window_id"),
            l => l.HasOne(typeof(ServiceItem)).WithMany().HasForeignKey("item_id"),
            j => j.ToTable("window_items", "hall"));
    }
}
