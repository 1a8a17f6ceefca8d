using Governance.Host.Pages.Shared;
using Governance.Workflows.Lists;
using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Lead;

/// <summary>Every rating (好差评) given in the lead's hall, a tab per level, by words, a page at a time; a bad one links its rectification.</summary>
public sealed class RatingsModel(RatingQueries ratings) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    public ListPage<RatingLine> Ratings { get; private set; } = ListPaging.Empty<RatingLine>();

    public ListFilters Filters => new(Filter, "查找（窗口、事项或评价内容）");

    public async Task OnGetAsync(CancellationToken ct) => Ratings = await ListAsync(() => ratings.RatingsPageAsync(Actor, Filter, ct));
}
