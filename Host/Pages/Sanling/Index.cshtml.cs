using Governance.Engine;
using Governance.Host.Pages.Shared;
using Governance.Workflows;
using Governance.Workflows.Lists;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// 三零 work at a glance for the village team, the township official, the department and the
/// proxy handler: the matters within reach with their clocks, found by status tab, level, place,
/// clock and words, a page at a time; and for those who get them the latest alerts (临期 yellow,
/// 超期 red, 上报, 越级). Both refresh without reload, the matters under the filters shown.
/// </summary>
public sealed class IndexModel(DisputeQueries disputes, DisputeAlerts alerts, OrganisationQueries organisation, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    public const int AlertsShown = 20;

    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    public ListPage<DisputeSummary> Disputes { get; private set; } = ListPaging.Empty<DisputeSummary>();

    public ListFilters Filters { get; private set; } = null!;

    /// <summary>Null for those who do not read alerts.</summary>
    public IReadOnlyList<DisputeAlert>? Alerts { get; private set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool MayRegister => DisputeWorkflow.Registrars.Contains(Actor.Role);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Filters = new ListFilters(Filter, "查找（标题、受理编号、当事人姓名或手机号）")
        {
            Levels = [.. Enum.GetValues<DisputeLevel>().Select(l => (l.ToString(), l.DisplayName()))],
            Places = await organisation.ReachableAsync(Actor, ct),
            Clock = true,
        };
        Disputes = await ListAsync(() => disputes.PageAsync(Actor, Filter, ct));
        Alerts = await AlertsAsync(ct);
    }

    /// <summary>The alerts alone, for the page's short poll.</summary>
    public async Task<IActionResult> OnGetAlertsAsync(CancellationToken ct) =>
        await AlertsAsync(ct) is { } list ? Partial("_Alerts", list) : Denied();

    /// <summary>The matters alone (under the page's filters), for the page's short poll: their clocks move on.</summary>
    public async Task<IActionResult> OnGetDisputesAsync(CancellationToken ct)
    {
        Disputes = await ListAsync(() => disputes.PageAsync(Actor, Filter, ct));
        return Partial("_Disputes", this);
    }

    private async Task<IReadOnlyList<DisputeAlert>?> AlertsAsync(CancellationToken ct) =>
        DisputeAlerts.Readers.Contains(Actor.Role) ? await alerts.ListAsync(Actor, null, null, AlertsShown, ct) : null;
}
