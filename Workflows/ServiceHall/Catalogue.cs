using Governance.Engine.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall;

/// <summary>A service hall (行政服务中心 or a branch hall), with the lead on duty who hears of its warnings.</summary>
public sealed class Hall
{
    private Hall()
    {
    }

    public Hall(string code, string name, string leadName, string leadEmail)
    {
        Code = code;
        Name = name;
        LeadName = leadName;
        LeadEmail = leadEmail;
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>窗口负责人 / 中心值班领导.</summary>
    public string LeadName { get; private set; } = "";

    public string LeadEmail { get; private set; } = "";

    public List<OpeningHours> OpeningHours { get; private set; } = [];

    /// <summary>Replaces a weekday's opening intervals; none closes the hall that day.</summary>
    public void SetHours(DayOfWeek day, IEnumerable<OpeningInterval> intervals)
    {
        OpeningHours.RemoveAll(h => h.DayOfWeek == day);
        OpeningHours.AddRange(intervals.Select(i => new OpeningHours(day, i.Open, i.Close)));
    }

    public WeeklyHours WeeklyHours() => new(
        OpeningHours.GroupBy(h => h.DayOfWeek)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OpeningInterval>)[.. g.OrderBy(h => h.Opens).Select(h => new OpeningInterval(h.Opens, h.Closes))]));
}

/// <summary>One opening interval of a hall on a weekday (the article: weekdays until 17:00).</summary>
public sealed class OpeningHours
{
    private OpeningHours()
    {
    }

    public OpeningHours(DayOfWeek dayOfWeek, TimeOnly opens, TimeOnly closes)
    {
        DayOfWeek = dayOfWeek;
        Opens = opens;
        Closes = closes;
    }

    public int Id { get; private set; }

    public int HallId { get; private set; }

    public DayOfWeek DayOfWeek { get; private set; }

    public TimeOnly Opens { get; private set; }

    public TimeOnly Closes { get; private set; }
}

/// <summary>A window (窗口) of a hall, serving some items.</summary>
public sealed class ServiceWindow
{
    private ServiceWindow()
    {
    }

    public ServiceWindow(int hallId, string code, string name)
    {
        HallId = hallId;
        Code = code;
        Name = name;
    }

    public int Id { get; private set; }

    public int HallId { get; private set; }

    public Hall? Hall { get; private set; }

    /// <summary>The number on the sign above the window, e.g. A03.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Org-unit path of the window; its work is scoped by it, and its queue is named by it.</summary>
    public string OrgUnit => OrgUnitOf(HallId, Id);

    public static string OrgUnitOf(int hallId, int windowId) => $"hall/{hallId}/window/{windowId}";
}

internal sealed class HallConfiguration : IEntityTypeConfiguration<Hall>
{
    public void Configure(EntityTypeBuilder<Hall> e)
    {
        e.ToTable("halls", "hall");
        e.Property(h => h.Code).HasMaxLength(32);
        e.HasIndex(h => h.Code).IsUnique();
        e.Property(h => h.Name).HasMaxLength(100);
        e.Property(h => h.LeadName).HasMaxLength(50);
        e.Property(h => h.LeadEmail).HasMaxLength(254);
        e.HasMany(h => h.OpeningHours).WithOne().HasForeignKey(h => h.HallId);
    }
}

internal sealed class OpeningHoursConfiguration : IEntityTypeConfiguration<OpeningHours>
{
    public void Configure(EntityTypeBuilder<OpeningHours> e) => e.ToTable("opening_hours", "hall");
}

internal sealed class ServiceWindowConfiguration : IEntityTypeConfiguration<ServiceWindow>
{
    public void Configure(EntityTypeBuilder<ServiceWindow> e)
    {
        e.ToTable("windows", "hall");
        e.Property(w => w.Code).HasMaxLength(16);
        e.Property(w => w.Name).HasMaxLength(100);
        e.HasIndex(w => new { w.HallId, w.Code }).IsUnique();
        e.HasOne(w => w.Hall).WithMany().HasForeignKey(w => w.HallId);
        e.Ignore(w => w.OrgUnit);
    }
}
