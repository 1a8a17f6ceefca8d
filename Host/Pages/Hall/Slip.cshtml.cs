using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;
using Governance.Host.Pages.Shared;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// The 取号凭条 the kiosk prints (a print stylesheet for an 80 mm receipt printer): the number, the
/// item, how many are ahead and the estimated wait, and a QR code that opens the ticket on the
/// holder's phone (<see cref="TicketModel"/>). The page prints itself and goes back to the kiosk
/// after a short while.
/// </summary>
public sealed class SlipModel(HallFloorQueries floor, FloorKeys keys) : GovernancePage
{
    /// <summary>Seconds before the kiosk shows the items again for the next person.</summary>
    public const int BackAfterSeconds = 20;

    /// <summary>The kiosk's own key.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    /// <summary>The ticket's key (<see cref="FloorKeys.ForTicket"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? T { get; set; }

    public TicketStatus Ticket { get; private set; } = null!;

    /// <summary>The address the QR code holds.</summary>
    public string PhoneLink { get; private set; } = "";

    /// <summary>The QR code as an SVG element.</summary>
    public string QrSvg { get; private set; } = "";

    public static string Link(string kioskKey, string ticketKey) => $"/hall/kiosk/{Uri.EscapeDataString(kioskKey)}/slip?t={Uri.EscapeDataString(ticketKey)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The kiosk's key as well as the ticket's: a slip shows on the kiosk of the ticket's hall only.
        if (keys.Kiosk(Key) is not { } hallId || keys.Ticket(T) is not { } id || await floor.TicketAsync(id, ct) is not { } ticket || ticket.HallId != hallId)
        {
            return NotFound();
        }

        Ticket = ticket;
        PhoneLink = $"{Request.Scheme}://{Request.Host}/t/{Uri.EscapeDataString(T!)}";
        QrSvg = Qr.Svg(PhoneLink);
        return Page();
    }
}
