using Governance.Workflows.SafetyCampaign.Organisation;

namespace Governance.Host.Pages.Admin;

/// <summary>The city's 三零 organisation, read-only: townships with their officials, one township's places with their linkage rosters (一村一警一员一连+N), the departments with their 事权.</summary>
public sealed class OrganisationModel(OrganisationQueries organisation) : GovernancePage
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public int? TownshipId { get; set; }

    public IReadOnlyList<TownshipSummary> Townships { get; private set; } = [];

    public TownshipSummary? Township { get; private set; }

    public IReadOnlyList<PlaceView> Places { get; private set; } = [];

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    public static string KindName(TownshipKind kind) => kind switch
    {
        TownshipKind.Xiang => "乡",
        TownshipKind.Subdistrict => "街道",
        _ => "镇",
    };

    public static string KindName(PlaceKind kind) => kind switch
    {
        PlaceKind.Community => "社区",
        PlaceKind.Unit => "单位",
        _ => "行政村",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        Townships = await organisation.TownshipsAsync(ct);
        Departments = await organisation.DepartmentsAsync(ct);
        Township = Townships.FirstOrDefault(t => t.Id == TownshipId);
        Places = Township is null ? [] : await organisation.PlacesAsync(Township.Id, ct) ?? [];
    }
}
