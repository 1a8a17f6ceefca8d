using Governance.Host.Pages.Sanling;
using Governance.Workflows;
using Governance.Workflows.PovertyMonitoring;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Poverty;

/// <summary>
/// 干部排查 (a village team within its village, a township official within the township) or
/// 群众自主申报 (a citizen, for their own family, at any village): the household is warned at its
/// village and verified like any other. The ID number is kept only hashed and masked.
/// </summary>
public sealed class ReportModel(ReportHouseholdHandler handler, OrganisationQueries organisation) : Pages.GovernancePage
{
    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? HouseholderName { get; set; }

    [BindProperty]
    public int? PlaceId { get; set; }

    [BindProperty]
    public string? Situation { get; set; }

    public IReadOnlyList<ReachablePlace> Places { get; private set; } = [];

    public bool Self => Actor.Role == Roles.Citizen;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportHouseholdHandler.Reporters.Contains(Actor.Role))
        {
            return Denied();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Guid? started = null;
        if (await TryAsync(async () => started = (await handler.HandleAsync(new ReportHousehold(IdNumber, HouseholderName, PlaceId ?? 0, Situation), Actor, ct)).Id))
        {
            Done(Self ? "已提交申报，村里将入户核实" : "已申报，待入户核实");
            return Redirect($"/poverty/warnings/{started}");
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Places = [.. (Self ? await organisation.AllAsync(ct) : await organisation.ReachableAsync(Actor, ct)).Where(p => p.Place.Kind != PlaceKind.Unit)];
}
