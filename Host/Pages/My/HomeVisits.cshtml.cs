using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.HomeVisits;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.My;

/// <summary>
/// 上门服务申请: a signed-in citizen asks for a home visit (for an elderly, disabled or seriously
/// ill person, or a key enterprise or project, see DOMAIN.md) and sees their requests with where
/// each stands. A request redirects to its own page (<see cref="HomeVisitModel"/>) with its reference.
/// </summary>
public sealed class HomeVisitsModel(RequestHomeVisitHandler request, HomeVisitQueries queries, CatalogueQueries catalogue) : GovernancePage
{
    [BindProperty]
    public int? HallId { get; set; }

    [BindProperty]
    public string? Matter { get; set; }

    [BindProperty]
    public HomeVisitReason? ReasonKind { get; set; }

    [BindProperty]
    public string? ApplicantName { get; set; }

    [BindProperty]
    public string? ApplicantPhone { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? ContactEmail { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public IReadOnlyList<HallSummary> Halls { get; private set; } = [];

    public HomeVisitList Mine { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Guid? id = null;
        if (await TryAsync(async () => id = (await request.HandleAsync(
            new RequestHomeVisit(HallId ?? 0, null, Matter ?? "", ReasonKind, ApplicantName ?? "", ApplicantPhone?.Trim() ?? "", IdNumber, Address ?? "", ContactEmail, Note),
            Actor, ct)).Id))
        {
            Done($"上门服务申请已提交，申请编号 {HomeVisitWorkflow.ReferenceOf(id!.Value)}；中心值班领导审核后将与您联系");
            return RedirectToPage("HomeVisit", new { id });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Halls = await catalogue.HallsAsync(ct);
        HallId ??= Halls.FirstOrDefault()?.Id;
        Mine = await queries.ListAsync(Actor, state: null, HomeVisitQueries.MaxItems, ct);
        return Page();
    }
}
