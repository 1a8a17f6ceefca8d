using Governance.Workflows;
using Governance.Workflows.Calendar;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// A citizen manages a booking with its reference and phone number: look it up, cancel, move it
/// (改约), or check in at the hall (签到取号). Every action is a POST, so the phone number never
/// appears in an address or a log line.
/// </summary>
public sealed class ManageModel(
    AppointmentQueries queries,
    ChangeAppointmentHandler change,
    CheckInHandler checkIn,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int? NewSlotId { get; set; }

    public BookingView? Booking { get; private set; }

    public IReadOnlyList<SessionView> Alternatives { get; private set; } = [];

    public TicketView? Ticket { get; private set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostFindAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        if (await TryAsync(() => change.CancelAsync(new ChangeAppointment(Reference ?? "", Phone ?? "", null, Blank(Reason)), ct)))
        {
            TempData["done"] = "预约已取消";
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRescheduleAsync(CancellationToken ct)
    {
        if (await TryAsync(() => change.RescheduleAsync(new ChangeAppointment(Reference ?? "", Phone ?? "", NewSlotId, Blank(Reason)), ct)))
        {
            TempData["done"] = "已改约";
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostCheckInAsync(CancellationToken ct)
    {
        await TryAsync(async () => Ticket = await checkIn.HandleAsync(new CheckIn(Reference ?? "", Phone ?? ""), ct));
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reference) || string.IsNullOrWhiteSpace(Phone))
        {
            Problems.Add("请填写预约号和手机号");
            return Page();
        }

        Booking = await queries.BookingAsync(Reference, Phone.Trim(), ct);
        if (Booking is null)
        {
            Problems.Add("未找到该预约（请核对预约号和手机号）");
            return Page();
        }

        var today = ChinaTime.DateOf(Now);
        Alternatives = await queries.SessionsAsync(Booking.HallId, Booking.ItemId, today, today.AddDays(14), ct);
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
