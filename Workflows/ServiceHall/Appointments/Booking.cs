using System.Security.Cryptography;
using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall.Appointments;

/// <summary>
/// One appointment (预约): who, for what, in which slot. Its life (booked, checked in, cancelled,
/// no-show) is the workflow instance of the same id; this row holds what queries and the
/// booking rules need as columns.
/// </summary>
public sealed class Booking
{
    private const string ReferenceAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Booking()
    {
    }

    internal Booking(int slotId, DateTimeOffset startsAt, int hallId, int itemId, string name, string phone, string idNumber, string email, DateTimeOffset now)
    {
        Reference = RandomNumberGenerator.GetString(ReferenceAlphabet, 8);
        SlotId = slotId;
        HallId = hallId;
        ItemId = itemId;
        Date = ChinaTime.DateOf(startsAt);
        StartsAt = startsAt;
        Name = name;
        Phone = phone;
        IdNumber = idNumber.ToUpperInvariant();
        PersonKey = PersonKeyOf(idNumber);
        Email = email;
        Active = true;
        CreatedAt = now;
    }

    /// <summary>Also the id of the booking's workflow instance.</summary>
    public Guid Id { get; private set; }

    /// <summary>What the citizen quotes to manage the booking, e.g. K7M2QX9D.</summary>
    public string Reference { get; private set; } = "";

    public int SlotId { get; private set; }

    public int HallId { get; private set; }

    public int ItemId { get; private set; }

    /// <summary>The China date of the slot: one active booking per person per date.</summary>
    public DateOnly Date { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public string Name { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string IdNumber { get; private set; } = "";

    /// <summary>SHA-256 of the ID number: the booking rules match people by it, not by the number.</summary>
    public string PersonKey { get; private set; } = "";

    public string Email { get; private set; } = "";

    /// <summary>Holds its slot: booked or checked in, not cancelled, not a no-show.</summary>
    public bool Active { get; private set; }

    public DateTimeOffset? NoShowAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static string PersonKeyOf(string idNumber) => Privacy.PersonalData.PersonKeyOf(idNumber);

    /// <summary>The booking takes the id of the workflow instance it belongs to.</summary>
    internal Booking BelongingTo(Guid instanceId)
    {
        Id = instanceId;
        return this;
    }

    internal void MoveTo(AppointmentSlot slot)
    {
        SlotId = slot.Id;
        Date = ChinaTime.DateOf(slot.StartsAt);
        StartsAt = slot.StartsAt;
    }

    internal void Release(DateTimeOffset? noShowAt)
    {
        Active = false;
        NoShowAt = noShowAt;
    }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> e)
    {
        e.ToTable("bookings", "appointments");
        e.Property(b => b.Reference).HasMaxLength(8);
        e.HasIndex(b => b.Reference).IsUnique();
        e.Property(b => b.Name).HasMaxLength(50);
        e.Property(b => b.Phone).HasMaxLength(11);
        e.Property(b => b.IdNumber).HasMaxLength(18);
        e.Property(b => b.PersonKey).HasMaxLength(64);
        e.Property(b => b.Email).HasMaxLength(254);

        // 每人每天限约一次, held by the database even for two bookings racing each other.
        e.HasIndex(b => new { b.PersonKey, b.Date }).IsUnique().HasFilter("active").HasDatabaseName("ux_bookings_one_per_person_per_day");
        e.HasIndex(b => new { b.PersonKey, b.NoShowAt }).HasFilter("no_show_at IS NOT NULL");
        e.HasIndex(b => new { b.HallId, b.Date });
        e.HasOne<AppointmentSlot>().WithMany().HasForeignKey(b => b.SlotId);
    }
}
