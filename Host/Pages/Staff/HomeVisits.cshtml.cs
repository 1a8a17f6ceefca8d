using Governance.Host.Pages.Shared;
using Governance.Workflows.Lists;
using Governance.Workflows.ServiceHall.HomeVisits;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Staff;

/// <summary>Every home visit (上门服务) within the person's scope (the lead's hall, the staff member's window), a tab per step, by clock and words, a page at a time.</summary>
public sealed class HomeVisitsModel(HomeVisitQueries homeVisits) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    public ListPage<HomeVisitSummary> Visits { get; private set; } = ListPaging.Empty<HomeVisitSummary>();

    public ListFilters Filters => new(Filter, "查找（事项或编号）") { Clock = true };

    public async Task OnGetAsync(CancellationToken ct) => Visits = await ListAsync(() => homeVisits.PageAsync(Actor, Filter, ct));
}
