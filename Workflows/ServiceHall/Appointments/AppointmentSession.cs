using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;

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

    /// <summary>
    /// A session from <paramref name="opens"/> to <paramref name="closes"/>, in slots that keep to
    /// the hall's hours that day (its lunch break included): a slot never starts in a break or runs
    /// into one, and the afternoon's slots start when the hall opens again. On a day the hall is
    /// closed by its weekly hours (a Sunday or a holiday 专场, a 调休 Saturday) its ordinary
    /// weekday hours stand, as <see cref="WeeklyHours"/> does for make-up working days. A hall
    /// with no hours at all leaves the session's times as given. The hall must come with its
    /// <see cref="Hall.OpeningHours"/>.
    /// </summary>
    public AppointmentSession(Hall hall, int itemId, string name, DateOnly date, TimeOnly opens, TimeOnly closes, TimeSpan slotLength, int capacityPerSlot, bool isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(hall);
        HallId = hall.Id;
        ItemId = itemId;
        Name = name;
        Date = date;
        Opens = opens;
        Closes = closes;
        IsSpecial = !isWorkingDay;
        foreach (var open in HoursOf(hall.WeeklyHours(), date))
        {
            var (from, until) = (open.Open > opens ? open.Open : opens, open.Close < closes ? open.Close : closes);
            for (var start = from; start < until && start.Add(slotLength) <= until && start.Add(slotLength) > start; start = start.Add(slotLength))
            {
                Slots.Add(new AppointmentSlot(ChinaTime.At(date, start), ChinaTime.At(date, start.Add(slotLength)), capacityPerSlot));
            }
        }
    }

    /// <summary>The intervals a session's slots may fill on <paramref name="date"/> (see the constructor).</summary>
    public static IReadOnlyList<OpeningInterval> HoursOf(WeeklyHours hours, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return hours.On(date.DayOfWeek) is { Count: > 0 } day ? day
            : hours.On(DayOfWeek.Monday) is { Count: > 0 } weekday ? weekday
            : [new OpeningInterval(TimeOnly.MinValue, TimeOnly.MaxValue)];
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
/// A slot of a session. No slot is ever overbooked however many book at once: the database
/// refuses <see cref="Booked"/> above <see cref="Capacity"/> (check constraint), and a seat is
/// taken by one UPDATE that waits for the slot's row lock.
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

/// <summary>Taking and giving back seats of a slot.</summary>
internal static class Seats
{
    public const string NotOverbookedConstraint = "ck_slots_not_overbooked";

    /// <summary>
    /// Takes one seat as the transaction's last write, sent with its <c>COMMIT</c>: a popular slot's
    /// row lock is held for the commit only, so bookers of the same slot queue for milliseconds.
    /// A full slot fails the commit with the check constraint (see <see cref="IsFull"/>).
    /// </summary>
    public static void TakeAtCommit(EngineDbContext db, int slotId) =>
        db.IncrementAtCommit<AppointmentSlot>(slotId, s => s.Booked);

    public static Task GiveBackAsync(EngineDbContext db, int slotId, CancellationToken ct) =>
        db.Set<AppointmentSlot>().Where(s => s.Id == slotId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);

    /// <summary>Whether a commit failed because a seat was taken of a full slot.</summary>
    public static bool IsFull(Exception ex) => ex is PostgresException { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: NotOverbookedConstraint };

    public static RuleViolationException Full() => new("该时段已约满", "请选择其他时段");
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
        e.ToTable("slots", "appointments", t => t.HasCheckConstraint(Seats.NotOverbookedConstraint, "booked >= 0 AND booked <= capacity"));
        e.HasIndex(s => new { s.SessionId, s.StartsAt });
    }
}
