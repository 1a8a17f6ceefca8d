using Governance.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>
/// A block of time a hall opens for appointments of one item, divided into slots with a capacity.
/// Weekend and holiday sessions are how the hall meets people who work on weekdays (the article:
/// Sunday deed-tax appointments).
/// </summary>
public sealed class AppointmentSession
{
    private AppointmentSession()
    {
    }

    public AppointmentSession(int hallId, int itemId, string name, DateOnly date, TimeOnly opens, TimeOnly closes, TimeSpan slotLength, int capacityPerSlot, bool isWorkingDay)
    {
        HallId = hallId;
        ItemId = itemId;
        Name = name;
        Date = date;
        Opens = opens;
        Closes = closes;
        IsSpecial = !isWorkingDay;
        for (var start = opens; start.Add(slotLength) <= closes && start.Add(slotLength) > start; start = start.Add(slotLength))
        {
            Slots.Add(new AppointmentSlot(ChinaTime.At(date, start), ChinaTime.At(date, start.Add(slotLength)), capacityPerSlot));
        }
    }

    public int Id { get; private set; }

    public int HallId { get; private set; }

    public int ItemId { get; private set; }

    /// <summary>e.g. 周日契税专场.</summary>
    public string Name { get; private set; } = "";

    public DateOnly Date { get; private set; }

    public TimeOnly Opens { get; private set; }

    public TimeOnly Closes { get; private set; }

    /// <summary>On a weekend or holiday (专场): shown apart so people who work on weekdays find it.</summary>
    public bool IsSpecial { get; private set; }

    public List<AppointmentSlot> Slots { get; private set; } = [];
}

/// <summary>
/// A slot of a session. <see cref="Booked"/> only moves by one guarded UPDATE
/// (<c>booked &lt; capacity</c>), so no slot is ever overbooked however many book at once.
/// </summary>
public sealed class AppointmentSlot
{
    private AppointmentSlot()
    {
    }

    internal AppointmentSlot(DateTimeOffset startsAt, DateTimeOffset endsAt, int capacity)
    {
        StartsAt = startsAt;
        EndsAt = endsAt;
        Capacity = capacity;
    }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public AppointmentSession? Session { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public int Capacity { get; private set; }

    public int Booked { get; private set; }
}

internal sealed class AppointmentSessionConfiguration : IEntityTypeConfiguration<AppointmentSession>
{
    public void Configure(EntityTypeBuilder<AppointmentSession> e)
    {
        e.ToTable("sessions", "appointments");
        e.Property(s => s.Name).HasMaxLength(100);
        e.HasIndex(s => new { s.HallId, s.Date });
        e.HasOne<Hall>().WithMany().HasForeignKey(s => s.HallId);
        e.HasOne<ServiceItem>().WithMany().HasForeignKey(s => s.ItemId);
        e.HasMany(s => s.Slots).WithOne(s => s.Session).HasForeignKey(s => s.SessionId);
    }
}

internal sealed class AppointmentSlotConfiguration : IEntityTypeConfiguration<AppointmentSlot>
{
    public void Configure(EntityTypeBuilder<AppointmentSlot> e)
    {
        e.ToTable("slots", "appointments", t => t.HasCheckConstraint("ck_slots_not_overbooked", "booked >= 0 AND booked <= capacity"));
        e.HasIndex(s => new { s.SessionId, s.StartsAt });
    }
}
