using System.Text;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// 取号机: the hall's kiosk, a PC or touch screen that staff point once at the hall's kiosk link
/// (<see cref="FloorKeys.ForKiosk"/>, on the window page) and run full screen, e.g.
/// <c>chromium --kiosk</c>. Nobody is signed in on it: the public touches it. A walk-in taps their
/// item; a booked citizen types or scans the booking reference and their phone number (签到).
/// Either gets a slip to print (<see cref="SlipModel"/>). A double tap issues one ticket: each
/// showing of the page has its own tap key, and a repeat of it gets the first tap's slip.
/// </summary>
public sealed class KioskModel(HallFloorQueries floor, IssueTicketHandler issue, CheckInHandler checkIn, FloorKeys keys, IdempotencyKeys taps) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

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
        IssueOnceAsync($"item:{ItemId}", hallId => issue.HandleAsync(new IssueTicket(ItemId, null, null, null, null), Kiosk(hallId), ct), ct);

    public Task<IActionResult> OnPostCheckInAsync(CancellationToken ct) =>
        IssueOnceAsync($"booking:{Reference?.Trim().ToUpperInvariant()}", _ => checkIn.HandleAsync(new CheckIn(Reference ?? "", Phone ?? ""), ct), ct);

    protected override Task<IActionResult> RedisplayAsync(CancellationToken ct) => ShowAsync(ct);

    /// <summary>Who the ledger says issued a walk-in's ticket: the hall's kiosk, as staff of the hall.</summary>
    private static Actor Kiosk(int hallId) => new($"kiosk:{hallId}", "取号机", Roles.WindowStaff, $"hall/{hallId}");

    private async Task<IActionResult> IssueOnceAsync(string what, Func<int, Task<TicketView>> take, CancellationToken ct)
    {
        if (keys.Kiosk(Key) is not { } hallId)
        {
            return NotFound();
        }

        IdempotencyResult? result = null;
        var tap = Tap.Length is > 0 and <= IdempotencyKeys.MaxKeyLength ? Tap : Guid.NewGuid().ToString("N");
        if (await TryAsync(async () => result = await taps.RunAsync($"kiosk:{hallId}", "kiosk", tap, what, async () =>
            {
                var ticket = await take(hallId);

                // Kept as a success (only those are kept); the page redirects to the slip either way.
                return new IdempotentAnswer(StatusCodes.Status200OK, null, SlipModel.Link(Key!, keys.ForTicket(ticket.Id)), Encoding.UTF8.GetBytes(ticket.Number));
            }, ct)))
        {
            // The same tap key with another choice (the page was shown long ago): show it afresh.
            return result!.Answer?.Location is { } slip ? Redirect(slip) : RedirectToPage(new { Key });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (keys.Kiosk(Key) is not { } hallId || await floor.ItemsAsync(hallId, ct) is not { } items)
        {
            return NotFound();
        }

        Items = items;
        Tap = Guid.NewGuid().ToString("N");
        ModelState.Remove(nameof(Tap));
        return Page();
    }
}
