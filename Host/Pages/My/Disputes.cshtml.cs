using Governance.Host.Pages.Sanling;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.My;

/// <summary>
/// 群众网上反映: a signed-in citizen reports a dispute or petition of their own, as its first party,
/// at the village where it arose, and sees what they reported with where each one stands.
/// </summary>
public sealed class DisputesModel(RegisterDisputeHandler register, DisputeQueries queries, OrganisationQueries organisation) : DisputeFormPage(register)
{
    public IReadOnlyList<ReachablePlace> Places { get; private set; } = [];

    public DisputeList Mine { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await RegisterAsync(DisputeSource.Online, ct) is { } instance)
        {
            Done("已提交，所在村联动工作队将受理并与您联系");
            return RedirectToPage("Dispute", new { id = instance.Id });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Places = await organisation.AllAsync(ct);
        Mine = await queries.ListAsync(Actor, state: null, DisputeQueries.MaxItems, ct);
        return Page();
    }
}
