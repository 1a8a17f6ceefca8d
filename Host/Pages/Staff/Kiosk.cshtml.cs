using System.Text;
using Governance.Engine.Storage;
using Governance.Host.Auth;
using Governance.Host.Pages.Hall;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Staff;

/// <summary>
/// 取号机: the hall's kiosk, a PC or touch screen signed in once in the morning by the hall's staff
/// (and run full screen, e.g. <c>chromium --kiosk</c>). A walk-in taps their item; a booked citizen
/// types or scans the booking reference and their phone number (签到). Either gets a slip to print
/// (<see cref="KioskTicketModel"/>). A double tap issues one ticket: each showing of the page has its
/// own tap key, and a repeat of it gets the first tap's slip.
/// </summary>
public sealed class KioskModel(HallFloorQueries floor, IssueTicketHandler issue, CheckInHandler checkIn, TicketKey keys, IdempotencyKeys taps) : GovernancePage
{
    [BindProperty]
    public int ItemId { get; set; }

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    /// <summary>One per showing of the page (<see cref="IdempotencyKeys"/>).</summary>
    [BindProperty]
    public string Tap { get; set; } = "";

    public IReadOnlyList<ItemWaiting> Items { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public Task<IActionResult> OnPostTakeAsync(CancellationToken ct) =>
        IssueOnceAsync($"item:{ItemId}", async () => await issue.HandleAsync(new IssueTicket(ItemId, null, null, null, null), Actor, ct), ct);

    public Task<IActionResult> OnPostCheckInAsync(CancellationToken ct) =>
        IssueOnceAsync($"booking:{Reference?.Trim().ToUpperInvariant()}", async () => await checkIn.HandleAsync(new CheckIn(Reference ?? "", Phone ?? ""), ct), ct);

    protected override Task<IActionResult> RedisplayAsync(CancellationToken ct) => ShowAsync(ct);

    private async Task<IActionResult> IssueOnceAsync(string what, Func<Task<TicketView>> take, CancellationToken ct)
    {
        IdempotencyResult? result = null;
        if (await TryAsync(async () => result = await taps.RunAsync(Actor.Id, "kiosk", Tap.Length is > 0 and <= IdempotencyKeys.MaxKeyLength ? Tap : Guid.NewGuid().ToString(), what, async () =>
            {
                var ticket = await take();
                // Kept as a success (only those are kept); the page redirects to the slip either way.
                return new IdempotentAnswer(StatusCodes.Status200OK, null, $"/staff/kiosk/ticket?key={Uri.EscapeDataString(keys.For(ticket.Id))}", Encoding.UTF8.GetBytes(ticket.Number));
            }, ct)))
        {
            if (result!.Answer?.Location is { } slip)
            {
                return Redirect(slip);
            }

            // The same tap key with another choice: the page was shown long ago; show it afresh.
            return RedirectToPage();
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (Actor.HallId() is not { } hallId || await floor.ItemsAsync(hallId, ct) is not { } items)
        {
            return Denied();
        }

        Items = items;
        Tap = Guid.NewGuid().ToString("N");
        ModelState.Remove(nameof(Tap));
        return Page();
    }
}
