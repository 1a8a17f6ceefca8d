using Governance.Host.Pages.Shared;
using Governance.Workflows.Lists;
using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Lead;

/// <summary>Every bad rating's rectification (差评整改) of the lead's hall, a tab per step, by clock and words, a page at a time.</summary>
public sealed class RectificationsModel(RatingQueries ratings) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    public ListPage<RectificationSummary> Rectifications { get; private set; } = ListPaging.Empty<RectificationSummary>();

    public ListFilters Filters => new(Filter, "查找（窗口、事项或编号）") { Clock = true };

    public async Task OnGetAsync(CancellationToken ct) => Rectifications = await ListAsync(() => ratings.RectificationsPageAsync(Actor, Filter, ct));
}
