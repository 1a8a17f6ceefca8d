using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>Registers a dispute or petition at a place within the reader's reach; the use case checks the source, the place and the party's numbers.</summary>
public sealed class RegisterModel(RegisterDisputeHandler register, OrganisationQueries organisation) : DisputeFormPage(register)
{
    [BindProperty]
    public DisputeSource? Source { get; set; }

    public IReadOnlyList<ReachablePlace> Places { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await RegisterAsync(Source, ct) is { } instance)
        {
            Done("已登记");
            return RedirectToPage("Dispute", new { id = instance.Id });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Places = await organisation.ReachableAsync(Actor, ct);
        return Page();
    }
}
