using System.ComponentModel;
using Governance.Engine.Calendar;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// A hall's open tickets of today as one reading saw them, with who is ahead of each waiting one
/// and its estimated wait: what every phone page of the hall (扫码看排队) is drawn from. A change at
/// the hall moves any of them, so each phone page told of it needs the hall's queues again; one
/// reading per change serves them all, where a reading per page cost the database a thousand
/// queries a second at a busy hall. Holds no personal data; never changed once read.
/// </summary>
[ImmutableObject(true)]
public sealed class HallTickets
{
    private readonly Dictionary<Guid, TicketStatus> _open;

    internal HallTickets(
        int hallId, string hallName, DateTimeOffset now, IReadOnlyList<Row> open,
        IReadOnlyDictionary<int, (string Code, string Name)> windows, IReadOnlyList<HallFloorQueries.ItemRow> items)
    {
        HallId = hallId;
        HallName = hallName;
        var item = items.ToDictionary(i => i.ItemId);
        var ahead = open.Where(t => t.State == TicketWorkflow.Waiting)
            .GroupBy(t => t.Queue)
            .SelectMany(queue => QueuePlace.InCallOrder(queue.Select(t => new QueuePlace(t.Id, t.SlotStartsAt, t.QueueKey, t.Number)), now).Select((p, i) => (p.Id, Ahead: i)))
            .ToDictionary(p => p.Id, p => p.Ahead);
        _open = open.ToDictionary(t => t.Id, t =>
        {
            var window = t.WindowId is { } w && windows.TryGetValue(w, out var found) ? found : default;
            var (before, wait) = (0, (TimeSpan?)null);
            if (ahead.TryGetValue(t.Id, out var count))
            {
                // A ticket transferred to a window waits for that window alone.
                before = count;
                var row = item[t.ItemId];
                wait = HallFloorQueries.Estimate(count, t.Queue == Ticket.ItemQueue(t.ItemId) ? row : row with { OpenWindows = 1 });
            }

            return Status(t, hallId, hallName, item[t.ItemId].ItemName, window.Code, window.Name, before, wait);
        });
        Open = [.. _open.Values.OrderBy(t => t.Number, StringComparer.Ordinal)];
    }

    public int HallId { get; }

    public string HallName { get; }

    /// <summary>The ticket's status as read, or null if it was not open at this hall today.</summary>
    public TicketStatus? StatusOf(Guid ticketId) => _open.GetValueOrDefault(ticketId);

    /// <summary>Every ticket open at the hall today as read, by number: what the hall's phones pick their own from.</summary>
    public IReadOnlyList<TicketStatus> Open { get; }

    internal static TicketStatus Status(Row t, int hallId, string hallName, string itemName, string? windowCode, string? windowName, int ahead, TimeSpan? wait) => new(
        t.Id, hallId, hallName, t.Number, t.ItemId, itemName, t.State, TicketWorkflow.Definition.StateName(t.State),
        windowCode, windowName, ahead, wait, ChinaTime.ToLocal(t.IssuedAt), t.CalledAt is { } c ? ChinaTime.ToLocal(c) : null,
        t.State == TicketWorkflow.Waiting && t.Queue != Ticket.ItemQueue(t.ItemId));

    /// <summary>What a phone page shows of a ticket: no name, phone or ID number.</summary>
    internal sealed record Row(
        Guid Id, string Number, int ItemId, string Queue, string State, int? WindowId,
        DateTimeOffset? SlotStartsAt, DateTimeOffset QueueKey, DateTimeOffset IssuedAt, DateTimeOffset? CalledAt);
}
