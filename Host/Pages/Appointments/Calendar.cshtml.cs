using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// 加入手机日历 from the confirmation and 我的预约: the booking sealed in the page's key
/// (<see cref="BookingKey"/>) as an .ics file (<see cref="AppointmentCalendar"/>); the phone number
/// never appears in the address. An expired key leads back to the lookup, as on the confirmation.
/// </summary>
public sealed class CalendarModel(AppointmentCalendar calendar, BookingKey keys) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (keys.Open(Key) is not ({ } reference, { } phone))
        {
            return RedirectToPage("Manage", new { expired = true });
        }

        return await calendar.FileAsync(reference, phone, ct) is { } file ? File(file.Content, file.ContentType, file.FileName) : NotFound();
    }
}
