using Governance.Host.Live;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// A ticket on its holder's phone, opened from the QR on the slip: where it stands, how many are
/// ahead, the estimated wait, and the window once called; live, without signing in. Nothing on it
/// is personal data; an unknown or expired key reads as not found. Refreshed by push only: each
/// change of its item's queue (or of the whole hall: a window closed) may move it or those ahead
/// of it, and the phones of the item told of one change fetch one shared answer
/// (<see cref="TicketsModel"/>), each picking its own ticket from it. The
/// first load is drawn here, so the page reads without script. (A booked ticket whose slot begins
/// goes ahead without a commit; the call that takes it is one, and refreshes the page.)
/// </summary>
public sealed class TicketModel(PhoneReadings readings, FloorKeys keys) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public TicketStatus Ticket { get; private set; } = null!;

    /// <summary>What the page watches: its item's queue at the hall, and with it what changes for the whole hall.</summary>
    public string LiveTopics => new LiveTopic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(Ticket.HallId, Ticket.ItemId)).ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(null, ct) ? Page() : NotFound();

    /// <summary>
    /// The ticket's part of the page, for the live refresh when the hall's shared part does not
    /// hold it: finished (its last state, which it keeps), of another day, or newer than the change
    /// the shared part was drawn for. One page's own: it is not kept for others.
    /// </summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct) =>
        await LoadAsync(LiveParts.IsRefresh(Request) ? Request.Query[LiveParts.QueryKey].ToString() : null, ct) ? Partial("_TicketStatus", Ticket) : NotFound();

    private async Task<bool> LoadAsync(string? change, CancellationToken ct)
    {
        if (keys.Ticket(Key) is not { } id || await readings.TicketAsync(id, change, ct) is not { } ticket)
        {
            return false;
        }

        Ticket = ticket;
        return true;
    }
}
