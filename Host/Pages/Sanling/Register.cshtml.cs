using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>Registers a dispute or petition at a place within the reader's reach; the use case checks the source, the place and the party's numbers.</summary>
public sealed class RegisterModel(RegisterDisputeHandler register, OrganisationQueries organisation) : GovernancePage
{
    [BindProperty]
    public DisputeKind? Kind { get; set; }

    [BindProperty]
    public MatterCategory? Category { get; set; }

    [BindProperty]
    public DisputeSource? Source { get; set; }

    [BindProperty]
    public int PlaceId { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    [BindProperty]
    public DisputePartyInput Party { get; set; } = new("", "", null, null);

    public IReadOnlyList<ReachablePlace> Places { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Governance.Workflows.Runtime.WorkflowInstance? instance = null;
        if (await TryAsync(async () => instance = await register.HandleAsync(new RegisterDispute(Kind, Category, Source, PlaceId, Summary ?? "", [Party]), Actor, ct)))
        {
            Done("已登记");
            return RedirectToPage("Dispute", new { id = instance!.Id });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Places = await organisation.ReachableAsync(Actor, ct);
        return Page();
    }
}
