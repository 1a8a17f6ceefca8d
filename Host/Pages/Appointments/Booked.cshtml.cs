using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// 预约成功: the confirmation a booking redirects to, at an address of its own, so a refresh or
/// the back button shows it again and never books twice. The address carries a sealed key
/// (<see cref="BookingKey"/>), never the phone number; with the item's 办事指南 and the way to
/// add the appointment to a phone's calendar.
/// </summary>
public sealed class BookedModel(AppointmentQueries queries, CatalogueQueries catalogue, BookingKey keys) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public BookingView? Booking { get; private set; }

    public ItemSummary? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (keys.Open(Key) is not ({ } reference, { } phone))
        {
            return RedirectToPage("Manage", new { expired = true });
        }

        Booking = await queries.BookingAsync(reference, phone, ct);
        if (Booking is null)
        {
            return NotFound();
        }

        Item = await catalogue.ItemAsync(Booking.ItemId, ct);
        return Page();
    }
}
