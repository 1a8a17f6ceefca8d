using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages;

/// <summary>A dispute or petition as a form posts it: the staff's registration and a citizen's own report (群众网上反映).</summary>
public abstract class DisputeFormPage(RegisterDisputeHandler register) : GovernancePage
{
    [BindProperty]
    public DisputeKind? Kind { get; set; }

    [BindProperty]
    public MatterCategory? Category { get; set; }

    [BindProperty]
    public int PlaceId { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    [BindProperty]
    public DisputePartyInput Party { get; set; } = new("", "", null, null);

    /// <summary>Registers the posted matter with its one party; null, with the use case's reasons recorded for the page, when refused.</summary>
    protected async Task<WorkflowInstance?> RegisterAsync(DisputeSource? source, CancellationToken ct)
    {
        WorkflowInstance? instance = null;
        await TryAsync(async () => instance = await register.HandleAsync(new RegisterDispute(Kind, Category, source, PlaceId, Summary ?? "", [Party]), Actor, ct));
        return instance;
    }
}
