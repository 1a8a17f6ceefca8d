using Governance.Host.Live;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Governance.Host.Pages.Hall;

/// <summary>
/// 叫号大屏: a full-screen display per hall, without signing in (it shows numbers, windows and
/// counts, no one's personal data): the numbers called now with their windows, the last few
/// called, the waiting per item; each new call, and each 重呼, is spoken in Chinese by the
/// display's browser (hall-floor.js). Refreshed by push only: everything on it changes with a
/// commit that tells the hall's topic (a ticket's move, a window's closing, the catalogue); and
/// being the same for everyone, its live part is rendered once per change for all of the hall's
/// screens on a node (<see cref="LiveParts"/>).
/// </summary>
[OutputCache(PolicyName = LiveParts.Policy)]
public sealed class ScreenModel(HallFloorQueries floor) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public int HallId { get; set; }

    public HallScreen Screen { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The screen's content, for the live refresh.</summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct) => await LoadAsync(ct) ? LivePart("_Screen", Screen) : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await floor.ScreenAsync(HallId, ct) is not { } screen)
        {
            return false;
        }

        Screen = screen;
        return true;
    }
}
