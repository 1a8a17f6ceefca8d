using System.Globalization;
using Governance.Host.Live;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// The hall's shared phone part: every ticket open at the hall today (with <c>?item=</c>, of one
/// item), each as its phone shows it (number, state, how many ahead, the estimate, the window; no
/// one's personal data), without signing in. Each phone ticket page refreshes from its item's and
/// picks its own ticket's block (<c>data-pick</c>, live.js), so the phones told of one change fetch
/// one answer, rendered once per change for all of them on a node (<see cref="LiveParts"/>), where
/// a part per phone was rendered for each alone (BENCHMARKS.md, "Live pages"). A ticket not in it
/// (finished, or of another day) is drawn by its own page's part instead (<see cref="TicketModel.OnGetLiveAsync"/>).
/// </summary>
[OutputCache(PolicyName = LiveParts.Policy)]
public sealed class TicketsModel(PhoneReadings readings) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public int HallId { get; set; }

    /// <summary>The item whose tickets are shown; all of the hall's when null.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Item { get; set; }

    /// <summary>The tickets shown, by number.</summary>
    public IReadOnlyList<TicketStatus> Tickets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await readings.HallAsync(HallId, LiveParts.IsRefresh(Request) ? Request.Query[LiveParts.QueryKey].ToString() : null, ct) is not { } hall)
        {
            return NotFound();
        }

        Tickets = [.. hall.Open.Where(t => Item is null || t.ItemId == Item)];
        LiveParts.Mark(HttpContext);
        return Page();
    }

    /// <summary>
    /// What names a ticket's block in the part: its day and number, unique at a hall (a number
    /// comes again the next day, and yesterday's ticket must not show today's).
    /// </summary>
    public static string Key(TicketStatus ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return $"{ticket.IssuedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {ticket.Number}";
    }

    /// <summary>The CSS selector a phone page picks its ticket's block with (<c>data-pick</c>).</summary>
    public static string Pick(TicketStatus ticket) => $"template[data-ticket='{Key(ticket)}']";
}
