using Governance.Host.Pages.Shared;
using Governance.Workflows.Lists;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>Every alert within reach (临期预警, 超期, 上报, 越级), a tab per kind, by place and words, a page at a time; each with where its matter stands now.</summary>
public sealed class AlertsModel(DisputeAlerts alerts, OrganisationQueries organisation) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    public ListPage<DisputeAlert> Alerts { get; private set; } = ListPaging.Empty<DisputeAlert>();

    public ListFilters Filters { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DisputeAlerts.Readers.Contains(Actor.Role))
        {
            return Denied();
        }

        Filters = new ListFilters(Filter, "查找（事项标题或受理编号）") { Places = await organisation.ReachableAsync(Actor, ct) };
        Alerts = await ListAsync(() => alerts.PageAsync(Actor, Filter, ct));
        return Page();
    }
}
