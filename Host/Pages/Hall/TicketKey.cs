using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// What the QR on a 取号凭条 carries: the ticket's id, encrypted and signed by the Host and valid
/// for two days, so whoever holds the slip follows the ticket on their phone without signing in,
/// and nobody walks the ids of other people's tickets.
/// </summary>
public sealed class TicketKey(IDataProtectionProvider provider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(2);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("queue.ticket-key").ToTimeLimitedDataProtector();

    public string For(Guid ticketId) => _protector.Protect(ticketId.ToString("N"), Lifetime);

    /// <summary>The ticket sealed in <paramref name="key"/>, or null if it is not one of ours or has expired.</summary>
    public Guid? Open(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(_protector.Unprotect(key), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
