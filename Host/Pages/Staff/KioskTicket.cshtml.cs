using Governance.Host.Pages.Hall;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Governance.Host.Pages.Staff;

/// <summary>
/// The 取号凭条 the kiosk prints (a print stylesheet for an 80 mm receipt printer): the number, the
/// item, how many are ahead and the estimated wait, and a QR code that opens the ticket on the
/// holder's phone (<see cref="Hall.TicketModel"/>). The page prints itself and goes back to the
/// kiosk after a short while.
/// </summary>
public sealed class KioskTicketModel(HallFloorQueries floor, TicketKey keys) : GovernancePage
{
    /// <summary>Seconds before the kiosk shows the items again for the next person.</summary>
    public const int BackAfterSeconds = 20;

    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public TicketStatus Ticket { get; private set; } = null!;

    /// <summary>The address the QR code holds.</summary>
    public string PhoneLink { get; private set; } = "";

    /// <summary>The QR code as an SVG element.</summary>
    public string QrSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (keys.Open(Key) is not { } id || await floor.TicketAsync(id, ct) is not { } ticket)
        {
            return NotFound();
        }

        Ticket = ticket;
        PhoneLink = $"{Request.Scheme}://{Request.Host}/t/{Uri.EscapeDataString(Key!)}";
        using var data = QRCodeGenerator.GenerateQrCode(PhoneLink, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return Page();
    }
}
