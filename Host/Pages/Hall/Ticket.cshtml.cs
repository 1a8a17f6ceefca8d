using Governance.Host.Live;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// A ticket on its holder's phone, opened from the QR on the slip: where it stands, how many are
/// ahead, the estimated wait, and the window once called; live, without signing in. Nothing on it
/// is personal data; an unknown or expired key reads as not found. Refreshed by push only: each
/// change of its hall may move it or those ahead of it. (A booked ticket whose slot begins goes
/// ahead without a commit; the call that takes it is one, and refreshes the page.)
/// </summary>
[OutputCache(PolicyName = LiveParts.Policy)]
public sealed class TicketModel(HallFloorQueries floor, FloorKeys keys) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public TicketStatus Ticket { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The ticket's part of the page, for the live refresh.</summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct) => await LoadAsync(ct) ? LivePart("_TicketStatus", Ticket) : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (keys.Ticket(Key) is not { } id || await floor.TicketAsync(id, ct) is not { } ticket)
        {
            return false;
        }

        Ticket = ticket;
        return true;
    }
}
