using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Host.Auth;
using Governance.Host.Pages.Shared;
using Governance.Workflows.Lists;
using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Lead;

/// <summary>
/// Every rating (好差评) given in the lead's hall, a tab per level, by words, a page at a time; a bad
/// one links its rectification. A month's rollup per window is handed on as an Excel file.
/// </summary>
public sealed class RatingsModel(RatingQueries ratings, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    /// <summary>The month whose rollup the 下载 Excel link hands on (yyyy-MM): this month unless another is chosen.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public int HallId => Actor.HallId() ?? 0;

    /// <summary>The months offered, newest first: this one and the eleven before (a picker, not the browser's month field, which writes English).</summary>
    public IReadOnlyList<string> Months => [.. Enumerable.Range(0, 12).Select(i => CalendarMonth.Of(CalendarMonth.Of(clock.GetUtcNow()).First.AddMonths(-i)).ToString())];

    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    public ListPage<RatingLine> Ratings { get; private set; } = ListPaging.Empty<RatingLine>();

    public ListFilters Filters => new(Filter, "查找（窗口、事项或评价内容）") { Keep = [("month", Month)] };

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Month is not null && !CalendarMonth.TryParse(Month, out _))
        {
            ModelState.AddModelError("month", CalendarMonth.FormatHint);
            Month = null;
        }

        Month ??= Months[0];
        Ratings = await ListAsync(() => ratings.RatingsPageAsync(Actor, Filter, ct));
    }
}
