using Governance.Host.Live;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// What the phone ticket pages (扫码看排队) are drawn from: every change at a hall moves its queues,
/// so each of its phones told of it refreshes. Those told of the same change (<c>?live=</c>) share
/// one reading of the hall's open tickets on this node (<see cref="HallTickets"/>, kept for
/// <see cref="LiveOptions.PartCacheDuration"/>; HybridCache reads it once for any number of
/// requests asking at the same moment), where a reading per page cost PostgreSQL three queries per
/// phone per change. The hall's shared phone part (<see cref="TicketsModel"/>) is rendered from it,
/// and so is a phone's own part when it falls back to it (<see cref="TicketModel"/>).
/// </summary>
public sealed class PhoneReadings(HallFloorQueries floor, HybridCache cache, IOptions<LiveOptions> options)
{
    private HybridCacheEntryOptions Kept => new()
    {
        Expiration = options.Value.PartCacheDuration,
        LocalCacheExpiration = options.Value.PartCacheDuration,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    /// <summary>The hall's open tickets as of <paramref name="change"/> (read now when null); null if there is no such hall.</summary>
    public async Task<HallTickets?> HallAsync(int hallId, string? change, CancellationToken ct) => change is null
        ? await floor.HallTicketsAsync(hallId, ct)
        : await cache.GetOrCreateAsync(
            $"queue/hall-tickets/{hallId}/{change}", (floor, hallId), static (s, ct) => new ValueTask<HallTickets?>(s.floor.HallTicketsAsync(s.hallId, ct)), Kept, cancellationToken: ct);

    /// <summary>The ticket's status as of <paramref name="change"/> (read now when null); null if there is no such ticket.</summary>
    public async Task<TicketStatus?> TicketAsync(Guid ticketId, string? change, CancellationToken ct)
    {
        if (change is null)
        {
            return await floor.TicketAsync(ticketId, ct);
        }

        var hallId = await cache.GetOrCreateAsync(
            $"queue/ticket-hall/{ticketId:N}", (floor, ticketId), static (s, ct) => new ValueTask<int?>(s.floor.HallOfAsync(s.ticketId, ct)), Kept, cancellationToken: ct);
        return hallId is { } hall && await HallAsync(hall, change, ct) is { } reading ? await floor.TicketAsync(ticketId, reading, ct) : null;
    }
}
