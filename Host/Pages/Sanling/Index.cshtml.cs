using Governance.Workflows;
using Governance.Workflows.SafetyCampaign.Disputes;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// 三零 work at a glance for the village team, the township official, the department and the
/// proxy handler: the matters within reach with their clocks, and for those who get them the
/// alerts (临期 yellow, 超期 red, 上报, 越级), both refreshed without reload.
/// </summary>
public sealed class IndexModel(DisputeQueries disputes, DisputeAlerts alerts, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    public const int AlertsShown = 20;

    public DisputeList Disputes { get; private set; } = null!;

    /// <summary>Null for those who do not read alerts.</summary>
    public IReadOnlyList<DisputeAlert>? Alerts { get; private set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool MayRegister => DisputeWorkflow.Registrars.Contains(Actor.Role);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Disputes = await disputes.ListAsync(Actor, null, DisputeQueries.MaxItems, ct);
        Alerts = await AlertsAsync(ct);
    }

    /// <summary>The alerts alone, for the page's short poll.</summary>
    public async Task<IActionResult> OnGetAlertsAsync(CancellationToken ct) =>
        await AlertsAsync(ct) is { } list ? Partial("_Alerts", list) : Denied();

    /// <summary>The matters alone, for the page's short poll: their clocks move on.</summary>
    public async Task<IActionResult> OnGetDisputesAsync(CancellationToken ct)
    {
        Disputes = await disputes.ListAsync(Actor, null, DisputeQueries.MaxItems, ct);
        return Partial("_Disputes", this);
    }

    private async Task<IReadOnlyList<DisputeAlert>?> AlertsAsync(CancellationToken ct) =>
        DisputeAlerts.Readers.Contains(Actor.Role) ? await alerts.ListAsync(Actor, null, null, AlertsShown, ct) : null;
}
