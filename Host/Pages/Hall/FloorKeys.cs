using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// The sealed keys of the hall floor, encrypted and signed by the Host, so nobody walks the ids of
/// other people's tickets or halls:
/// <list type="bullet">
/// <item>a ticket's, which the QR on its 取号凭条 carries (valid two days): whoever holds the slip
/// follows the ticket on their phone without signing in;</item>
/// <item>a hall's kiosk (取号机) link, which staff open once on the hall's kiosk PC: the kiosk
/// issues tickets without anyone's session on a screen the public touches.</item>
/// </list>
/// </summary>
public sealed class FloorKeys(IDataProtectionProvider provider)
{
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromDays(2);

    private readonly ITimeLimitedDataProtector _tickets = provider.CreateProtector("queue.ticket-key").ToTimeLimitedDataProtector();

    private readonly IDataProtector _kiosks = provider.CreateProtector("queue.kiosk-key");

    public string ForTicket(Guid ticketId) => _tickets.Protect(ticketId.ToString("N"), TicketLifetime);

    /// <summary>The ticket sealed in <paramref name="key"/>, or null if it is not one of ours or has expired.</summary>
    public Guid? Ticket(string? key) => Open(_tickets, key) is { } id && Guid.TryParseExact(id, "N", out var ticket) ? ticket : null;

    public string ForKiosk(int hallId) => _kiosks.Protect(hallId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The hall whose kiosk <paramref name="key"/> opens, or null if it is not one of ours.</summary>
    public int? Kiosk(string? key) => Open(_kiosks, key) is { } id && int.TryParse(id, CultureInfo.InvariantCulture, out var hall) ? hall : null;

    private static string? Open(IDataProtector protector, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        try
        {
            return protector.Unprotect(key);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
