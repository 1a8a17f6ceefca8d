using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// What lets a page after a redirect (post → redirect → get) show a booking again without the
/// phone number in its address: the reference and phone, encrypted and signed by the Host and
/// valid for a day. Whoever holds it is the browser that just booked or looked the booking up;
/// a refresh shows the page again instead of posting again. Nothing in it can be read or forged.
/// </summary>
public sealed class BookingKey(IDataProtectionProvider provider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("appointments.booking-key").ToTimeLimitedDataProtector();

    public string For(string reference, string phone) => _protector.Protect($"{reference.Trim().ToUpperInvariant()}\n{phone.Trim()}", Lifetime);

    /// <summary>The reference and phone sealed in <paramref name="key"/>, or null if it is not one of ours or has expired.</summary>
    public (string Reference, string Phone)? Open(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(key).Split('\n') is [var reference, var phone] ? (reference, phone) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
