using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// 预约成功: the confirmation a booking redirects to, at an address of its own, so a refresh or
/// the back button shows it again and never books twice. The address carries a sealed key
/// (<see cref="BookingKey"/>), never the phone number.
/// </summary>
public sealed class BookedModel(AppointmentQueries queries, BookingKey keys) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public BookingView? Booking { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (keys.Open(Key) is not ({ } reference, { } phone))
        {
            return RedirectToPage("Manage", new { expired = true });
        }

        Booking = await queries.BookingAsync(reference, phone, ct);
        return Booking is null ? NotFound() : Page();
    }
}
