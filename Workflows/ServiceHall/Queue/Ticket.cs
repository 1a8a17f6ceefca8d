using System.Data.Common;
using System.Globalization;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>B = booked (预约), A = walk-in (现场取号); the letter starts the ticket number.</summary>
public enum TicketKind
{
    WalkIn,
    Booked,
}

/// <summary>
/// A queue ticket (排队号), e.g. B017. Its life (waiting, serving, completed, returned) is the
/// workflow instance of the same id; this row holds what the queue, the screens and the trip
/// counting need as columns. It waits in one queue: the item's (<c>item/{id}</c>), shared by every
/// window serving the item, or one window's (<c>window/{id}</c>) once transferred there.
/// </summary>
public sealed class Ticket
{
    private Ticket()
    {
    }

    internal Ticket(int hallId, DateOnly date, string number, TicketKind kind, int itemId, Guid? bookingId, DateTimeOffset? slotStartsAt, Matter matter, Person person, DateTimeOffset now)
    {
        HallId = hallId;
        Date = date;
        Number = number;
        Kind = kind;
        ItemId = itemId;
        Queue = ItemQueue(itemId);
        BookingId = bookingId;
        SlotStartsAt = slotStartsAt;
        MatterId = matter.Id;
        Trip = matter.Trips;
        Name = person.Name;
        Phone = person.Phone;
        IdNumberMasked = person.IdNumber is null ? null : PersonalData.MaskIdNumber(person.IdNumber);
        Email = person.Email;
        State = TicketWorkflow.Waiting;
        IssuedAt = now;
        QueueKey = now;
        WaitingSince = now;
    }

    /// <summary>Also the id of the ticket's workflow instance.</summary>
    public Guid Id { get; private set; }

    public int HallId { get; private set; }

    /// <summary>The China date the ticket is for: numbers restart every day.</summary>
    public DateOnly Date { get; private set; }

    public string Number { get; private set; } = "";

    public TicketKind Kind { get; private set; }

    public int ItemId { get; private set; }

    /// <summary><c>item/{id}</c> or <c>window/{id}</c>; only meaningful while waiting.</summary>
    public string Queue { get; private set; } = "";

    /// <summary>The window serving it, or the one it was transferred to or served at last.</summary>
    public int? WindowId { get; private set; }

    public Guid? BookingId { get; private set; }

    /// <summary>A booked ticket goes ahead of walk-ins from this instant (the slot's start).</summary>
    public DateTimeOffset? SlotStartsAt { get; private set; }

    /// <summary>The matter (一人一事项) this ticket is a trip of.</summary>
    public Guid MatterId { get; private set; }

    /// <summary>1 for the first trip of its matter, 2 after a return (退回), and so on.</summary>
    public int Trip { get; private set; }

    public string? Name { get; private set; }

    public string? Phone { get; private set; }

    /// <summary>Only the masked number is kept; the matter holds the hash people are matched by.</summary>
    public string? IdNumberMasked { get; private set; }

    public string? Email { get; private set; }

    /// <summary>Mirrors the instance's state, as a column the queue's indexes filter on.</summary>
    public string State { get; private set; } = "";

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>
    /// Its place in the queue: the issue time, unless it rejoined after being set aside (回队), when
    /// it is just behind the tickets the hall lets go first. A transfer keeps it.
    /// </summary>
    public DateTimeOffset QueueKey { get; private set; }

    public DateTimeOffset WaitingSince { get; private set; }

    /// <summary>When it was last called (叫号 or 重呼): the screens announce it again, and its time to come starts again.</summary>
    public DateTimeOffset? CalledAt { get; private set; }

    /// <summary>How many times it was called again (重呼) since the last call.</summary>
    public int Recalls { get; private set; }

    /// <summary>When the citizen came to the window and service began (到窗办理; at once when served without that step).</summary>
    public DateTimeOffset? ArrivedAt { get; private set; }

    /// <summary>How many times it was set aside (过号) for not coming when called.</summary>
    public int SetAsideCount { get; private set; }

    public DateTimeOffset? SetAsideAt { get; private set; }

    public string? CalledBy { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Time spent waiting (issued → called), summed over every wait after a transfer.</summary>
    public TimeSpan WaitingTime { get; private set; }

    /// <summary>Time spent at windows (called → completed or returned), summed over every window.</summary>
    public TimeSpan ServiceTime { get; private set; }

    public string? ReturnReason { get; private set; }

    /// <summary>Why it was closed unserved at the day's end (当日未办): still waiting, called and not come, set aside and not back.</summary>
    public string? UnservedReason { get; private set; }

    /// <summary>The window that transferred it here last (转窗口), so the receiving window sees where it came from; null if never transferred.</summary>
    public int? TransferredFromWindowId { get; private set; }

    /// <summary>Why it was transferred last, as the sending window said; null if they gave none.</summary>
    public string? TransferReason { get; private set; }

    /// <summary>The unique index that holds a window to one ticket being served.</summary>
    internal const string ServingIndex = "ix_tickets_one_serving_per_window";

    /// <summary>The columns <see cref="Read"/> reads, in its order, of the table or CTE named <paramref name="alias"/>.</summary>
    internal static string ColumnsOf(string alias) => string.Join(", ", Columns.Select(c => $"{alias}.{c}"));

    public static string ItemQueue(int itemId) => ItemQueuePrefix + itemId.ToString(CultureInfo.InvariantCulture);

    public static string WindowQueue(int windowId) => WindowQueuePrefix + windowId.ToString(CultureInfo.InvariantCulture);

    private const string WindowQueuePrefix = "window/";

    /// <summary>
    /// Tells the live pages of a change to this ticket beyond its item's: its instance's move is
    /// told at its item (<see cref="TicketWorkflow.OrgUnitOf(int, int)"/>), but a window's own queue
    /// (转窗口, or kept at a window closing under 延时) holds tickets of any item, so a change there
    /// moves who is ahead of tickets of other items: it is told to the whole hall.
    /// </summary>
    internal void MarkQueueChanged(EngineDbContext db)
    {
        if (Queue.StartsWith(WindowQueuePrefix, StringComparison.Ordinal))
        {
            db.MarkChanged(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(HallId));
        }
    }

    /// <summary>The queue of an item is this and the item's id (<see cref="ItemQueue"/>); SQL that names item queues itself builds them so.</summary>
    internal const string ItemQueuePrefix = "item/";

    private static readonly string[] Columns =
    [
        "id", "hall_id", "date", "number", "kind", "item_id", "queue", "window_id", "booking_id", "slot_starts_at", "matter_id", "trip",
        "name", "phone", "id_number_masked", "email", "state", "issued_at", "waiting_since", "called_at", "called_by", "finished_at",
        "waiting_time", "service_time", "return_reason", "transferred_from_window_id", "transfer_reason",
        "queue_key", "recalls", "arrived_at", "set_aside_count", "set_aside_at", "unserved_reason",
    ];

    /// <summary>A ticket read by Npgsql directly (<see cref="ColumnsOf"/>, from column <paramref name="first"/> on), where the call's claim reads it.</summary>
    internal static Ticket Read(DbDataReader r, int first) => new()
    {
        Id = r.GetGuid(first),
        HallId = r.GetInt32(first + 1),
        Date = r.GetFieldValue<DateOnly>(first + 2),
        Number = r.GetString(first + 3),
        Kind = Enum.Parse<TicketKind>(r.GetString(first + 4)),
        ItemId = r.GetInt32(first + 5),
        Queue = r.GetString(first + 6),
        WindowId = r.IsDBNull(first + 7) ? null : r.GetInt32(first + 7),
        BookingId = r.IsDBNull(first + 8) ? null : r.GetGuid(first + 8),
        SlotStartsAt = r.IsDBNull(first + 9) ? null : r.GetFieldValue<DateTimeOffset>(first + 9),
        MatterId = r.GetGuid(first + 10),
        Trip = r.GetInt32(first + 11),
        Name = r.IsDBNull(first + 12) ? null : r.GetString(first + 12),
        Phone = r.IsDBNull(first + 13) ? null : r.GetString(first + 13),
        IdNumberMasked = r.IsDBNull(first + 14) ? null : r.GetString(first + 14),
        Email = r.IsDBNull(first + 15) ? null : r.GetString(first + 15),
        State = r.GetString(first + 16),
        IssuedAt = r.GetFieldValue<DateTimeOffset>(first + 17),
        WaitingSince = r.GetFieldValue<DateTimeOffset>(first + 18),
        CalledAt = r.IsDBNull(first + 19) ? null : r.GetFieldValue<DateTimeOffset>(first + 19),
        CalledBy = r.IsDBNull(first + 20) ? null : r.GetString(first + 20),
        FinishedAt = r.IsDBNull(first + 21) ? null : r.GetFieldValue<DateTimeOffset>(first + 21),
        WaitingTime = r.GetFieldValue<TimeSpan>(first + 22),
        ServiceTime = r.GetFieldValue<TimeSpan>(first + 23),
        ReturnReason = r.IsDBNull(first + 24) ? null : r.GetString(first + 24),
        TransferredFromWindowId = r.IsDBNull(first + 25) ? null : r.GetInt32(first + 25),
        TransferReason = r.IsDBNull(first + 26) ? null : r.GetString(first + 26),
        QueueKey = r.GetFieldValue<DateTimeOffset>(first + 27),
        Recalls = r.GetInt32(first + 28),
        ArrivedAt = r.IsDBNull(first + 29) ? null : r.GetFieldValue<DateTimeOffset>(first + 29),
        SetAsideCount = r.GetInt32(first + 30),
        SetAsideAt = r.IsDBNull(first + 31) ? null : r.GetFieldValue<DateTimeOffset>(first + 31),
        UnservedReason = r.IsDBNull(first + 32) ? null : r.GetString(first + 32),
    };

    /// <summary>The ticket takes the id of the workflow instance it belongs to.</summary>
    internal Ticket BelongingTo(Guid instanceId)
    {
        Id = instanceId;
        return this;
    }

    /// <summary>Called to a window (叫号): its wait ends there. <paramref name="state"/> is where the move took it (已叫号; 办理中 on version 1, where service began at the call).</summary>
    internal void CallTo(int windowId, string staffId, string state, DateTimeOffset now)
    {
        WaitingTime += now - WaitingSince;
        WindowId = windowId;
        CalledAt = now;
        CalledBy = staffId;
        Recalls = 0;
        ArrivedAt = state == TicketWorkflow.Serving ? now : null;
        State = state;
    }

    /// <summary>重呼: announced again, and the citizen's time to come starts again.</summary>
    internal void CallAgain(DateTimeOffset now)
    {
        CalledAt = now;
        Recalls++;
    }

    /// <summary>到窗办理: the citizen has come; service time runs from here.</summary>
    internal void Arrive(DateTimeOffset now)
    {
        ArrivedAt = now;
        State = TicketWorkflow.Serving;
    }

    /// <summary>过号: the window is free again; the ticket keeps its queue, to rejoin it.</summary>
    internal void SetAside(DateTimeOffset now)
    {
        SetAsideAt = now;
        SetAsideCount++;
        State = TicketWorkflow.SetAside;
    }

    /// <summary>
    /// 回队: waits again in its queue at <paramref name="queueKey"/>. A booked ticket set aside has
    /// lost its slot's priority: it rejoins the common order.
    /// </summary>
    internal void Rejoin(DateTimeOffset queueKey, DateTimeOffset now)
    {
        QueueKey = queueKey;
        SlotStartsAt = null;
        WaitingSince = now;
        State = TicketWorkflow.Waiting;
    }

    /// <summary>To another window's own queue; it keeps its place (and slot time), and says where it came from and why.</summary>
    internal void TransferTo(int windowId, string? reason, DateTimeOffset now)
    {
        ServiceTime += now - ServiceStart;
        TransferredFromWindowId = WindowId;
        TransferReason = reason;
        WindowId = windowId;
        Queue = WindowQueue(windowId);
        WaitingSince = now;
        State = TicketWorkflow.Waiting;
    }

    /// <summary>A window closing under 延时 keeps the tickets only it serves: they wait in its own queue.</summary>
    internal void KeepAt(int windowId)
    {
        WindowId = windowId;
        Queue = WindowQueue(windowId);
    }

    internal void Complete(DateTimeOffset now) => Finish(TicketWorkflow.Completed, null, now);

    internal void Return(string reason, DateTimeOffset now) => Finish(TicketWorkflow.Returned, reason, now);

    /// <summary>当日未办: closed at the day's end without service; its times stay as they were.</summary>
    internal void CloseUnserved(string reason, DateTimeOffset now)
    {
        UnservedReason = reason;
        FinishedAt = now;
        State = TicketWorkflow.Unserved;
    }

    /// <summary>Service runs from the citizen's arrival, or from the call when they were served straight away.</summary>
    private DateTimeOffset ServiceStart => ArrivedAt ?? CalledAt!.Value;

    private void Finish(string state, string? reason, DateTimeOffset now)
    {
        ServiceTime += now - ServiceStart;
        FinishedAt = now;
        ReturnReason = reason;
        State = state;
    }
}

/// <summary>Who a ticket is for, as given; all optional for a walk-in.</summary>
public sealed record Person(string? Name, string? Phone, string? IdNumber, string? Email);

/// <summary>The last number handed out per hall, China date and prefix.</summary>
internal sealed class TicketCounter
{
    public int HallId { get; private set; }

    public DateOnly Date { get; private set; }

    public string Prefix { get; private set; } = "";

    public int Last { get; private set; }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.ToTable("tickets", "queue");
        e.Property(t => t.Number).HasMaxLength(8);
        e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.Queue).HasMaxLength(32);
        e.Property(t => t.CalledBy).HasMaxLength(64);
        e.Property(t => t.Name).HasMaxLength(50);
        e.Property(t => t.Phone).HasMaxLength(11);
        e.Property(t => t.IdNumberMasked).HasMaxLength(18);
        e.Property(t => t.Email).HasMaxLength(254);
        e.Property(t => t.State).HasMaxLength(16);
        e.Property(t => t.ReturnReason).HasMaxLength(500);
        e.Property(t => t.TransferReason).HasMaxLength(500);
        e.Property(t => t.UnservedReason).HasMaxLength(100);
        e.HasIndex(t => new { t.HallId, t.Date, t.Number }).IsUnique();

        // Call next reads two heads of each queue the window serves: booked tickets whose slot has
        // begun (by slot time), and everyone by place (issue time, or where they rejoined); the number
        // orders tickets at the same instant. Both are ordered index scans.
        e.HasIndex(t => new { t.Queue, t.QueueKey, t.Number }).HasFilter("state = 'Waiting'").HasDatabaseName("ix_tickets_queue_head");
        e.HasIndex(t => new { t.Queue, t.SlotStartsAt, t.IssuedAt, t.Number })
            .HasFilter("state = 'Waiting' AND slot_starts_at IS NOT NULL").HasDatabaseName("ix_tickets_booked_head");
        // One ticket at a window at a time, called or served: two calls at once cannot both succeed (叫号 while serving is refused).
        e.HasIndex(t => t.WindowId).HasFilter("state IN ('Called', 'Serving')").IsUnique().HasDatabaseName(Ticket.ServingIndex);
        e.HasIndex(t => t.MatterId);
        e.HasOne<Hall>().WithMany().HasForeignKey(t => t.HallId);
        e.HasOne<ServiceItem>().WithMany().HasForeignKey(t => t.ItemId);
        e.HasOne<ServiceWindow>().WithMany().HasForeignKey(t => t.WindowId);
        e.HasOne<ServiceWindow>().WithMany().HasForeignKey(t => t.TransferredFromWindowId);
        e.HasOne<Matter>().WithMany().HasForeignKey(t => t.MatterId);
    }
}

internal sealed class TicketCounterConfiguration : IEntityTypeConfiguration<TicketCounter>
{
    public void Configure(EntityTypeBuilder<TicketCounter> e)
    {
        e.ToTable("ticket_counters", "queue");
        e.HasKey(c => new { c.HallId, c.Date, c.Prefix });
        e.Property(c => c.Prefix).HasMaxLength(1);
    }
}
