using Governance.Workflows.ServiceHall.HomeVisits;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.My;

/// <summary>One of the citizen's own home-visit requests: its reference, where it stands, the visit time once scheduled, its steps; 撤回 while still open. Another's reads as not found.</summary>
public sealed class HomeVisitModel(HomeVisitQueries queries, CancelHomeVisitHandler cancel) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public HomeVisitView Visit { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        if (await StepAsync(() => cancel.HandleAsync(new CancelHomeVisit(Id, Reason, Shown(Version)), Actor, ct)))
        {
            Done("申请已撤回");
            return RedirectToPage(new { Id });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (await queries.GetAsync(Id, Actor, ct) is not { } visit)
        {
            return NotFound();
        }

        Visit = visit;
        return Page();
    }
}
