using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// A citizen manages a booking with its reference and phone number: look it up, cancel, move it
/// (改约), or check in at the hall (签到取号). The phone number is typed into a POST, never put
/// in an address or a log line; each action that succeeds redirects to this page with a sealed
/// key (<see cref="BookingKey"/>), so a refresh shows the booking again and never acts twice.
/// </summary>
public sealed class ManageModel(
    AppointmentQueries queries,
    ChangeAppointmentHandler change,
    CheckInHandler checkIn,
    BookingKey keys,
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

    /// <summary>The sealed reference and phone the page was redirected with (or the form carries on).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public BookingView? Booking { get; private set; }

    public IReadOnlyList<SessionView> Alternatives { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(bool expired, CancellationToken ct)
    {
        if (Key is null)
        {
            if (expired)
            {
                Problems.Add("该链接已过期，请凭预约号和手机号查询");
            }

            return Page();
        }

        if (keys.Open(Key) is not ({ } reference, { } phone))
        {
            Key = null;
            Problems.Add("该链接已过期，请凭预约号和手机号查询");
            return Page();
        }

        (Reference, Phone) = (reference, phone);
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        Key = null;
        var shown = await ShowAsync(ct);
        return Booking is null ? shown : Shown();
    }

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        ActAsync(() => change.CancelAsync(new ChangeAppointment(Reference ?? "", Phone ?? "", null, Blank(Reason)), ct), "预约已取消", ct);

    public Task<IActionResult> OnPostRescheduleAsync(CancellationToken ct) =>
        ActAsync(() => change.RescheduleAsync(new ChangeAppointment(Reference ?? "", Phone ?? "", NewSlotId, Blank(Reason)), ct), "已改约，新的时间已发送到您的邮箱", ct);

    public async Task<IActionResult> OnPostCheckInAsync(CancellationToken ct)
    {
        TicketView? ticket = null;
        if (OpenKey() && await TryAsync(async () => ticket = await checkIn.HandleAsync(new CheckIn(Reference ?? "", Phone ?? ""), ct)))
        {
            Done($"签到成功，您的排队号 {ticket!.Number}");
            return Shown();
        }

        return await ShowAsync(ct);
    }

    /// <summary>The actions' forms carry the key, not the phone number: the booking they act on is the one the key seals.</summary>
    private bool OpenKey()
    {
        if (keys.Open(Key) is ({ } reference, { } phone))
        {
            (Reference, Phone) = (reference, phone);
            return true;
        }

        Problems.Add("该页面已过期，请凭预约号和手机号重新查询");
        return false;
    }

    private async Task<IActionResult> ActAsync(Func<Task<Engine.Runtime.TransitionResult>> step, string done, CancellationToken ct)
    {
        if (OpenKey() && await StepAsync(step))
        {
            Done(done);
            return Shown();
        }

        return await ShowAsync(ct);
    }

    private RedirectToPageResult Shown() => RedirectToPage(new { key = keys.For(Reference!, Phone!) });

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reference) || string.IsNullOrWhiteSpace(Phone))
        {
            if (Problems.Count == 0)
            {
                Problems.Add("请填写预约号和手机号");
            }

            return Page();
        }

        Booking = await queries.BookingAsync(Reference, Phone.Trim(), ct);
        if (Booking is null)
        {
            Problems.Add("未找到该预约（请核对预约号和手机号）");
            return Page();
        }

        Key ??= keys.For(Booking.Reference, Phone);
        var today = ChinaTime.DateOf(Now);
        Alternatives = await queries.SessionsAsync(Booking.HallId, Booking.ItemId, today, today.AddDays(14), ct);
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
