using Governance.Engine;
using Governance.Workflows;
using Governance.Workflows.SafetyCampaign.Disputes;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.My;

/// <summary>Where a matter the citizen reported stands: its level, its clock and its ledger (台账); their own numbers masked.</summary>
public sealed class DisputeModel(DisputeQueries queries, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public DisputeView Dispute { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await queries.GetAsync(Id, Actor, ct) is not { } dispute)
        {
            return NotFound();
        }

        Dispute = dispute;
        return Page();
    }
}
