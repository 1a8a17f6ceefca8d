using Governance.Engine;
using Governance.Host.Live;
using Governance.Host.Pages.Shared;
using Governance.Workflows;
using Governance.Workflows.Lists;
using Governance.Workflows.SafetyCampaign;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// 三零 work at a glance for the village team, the township official, the department and the
/// proxy handler: the matters within reach with their clocks, found by status tab, level, place,
/// clock and words, a page at a time; and for those who get them the latest alerts (临期 yellow,
/// 超期 red, 上报, 越级). Both refresh without reload, the matters under the filters shown.
/// </summary>
[OutputCache(PolicyName = LiveParts.Policy)]
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

    /// <summary>
    /// What the alerts and the matters watch: the disputes within the viewer's scope (an alert is a
    /// step or a 临期/超期 of one). None for a department: its matters lie in the townships, out of
    /// its scope, so its list keeps its short poll.
    /// </summary>
    public string? LiveTopics => SafetyScope.Of(Actor).DepartmentId is null ? new LiveTopic(DisputeWorkflow.Name, Actor.Scope).ToString() : null;

    /// <summary>The alerts alone, for the page to refresh when a dispute within scope moves or is warned.</summary>
    public async Task<IActionResult> OnGetAlertsAsync(CancellationToken ct) =>
        await AlertsAsync(ct) is { } list ? LivePart("_Alerts", list) : Denied();

    /// <summary>The matters alone (under the page's filters), for the page to refresh when one moves; their clocks go on in the browser meanwhile (<see cref="Show.Ticking"/>).</summary>
    public async Task<IActionResult> OnGetDisputesAsync(CancellationToken ct)
    {
        Disputes = await ListAsync(() => disputes.PageAsync(Actor, Filter, ct));
        return LivePart("_Disputes", this);
    }

    private async Task<IReadOnlyList<DisputeAlert>?> AlertsAsync(CancellationToken ct) =>
        DisputeAlerts.Readers.Contains(Actor.Role) ? await alerts.ListAsync(Actor, null, null, AlertsShown, ct) : null;
}
