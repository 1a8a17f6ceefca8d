using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// The monthly circular (月通报) to print: an A4 page without the site's navigation, the city's
/// township table and the places within the reader's reach, as stored. A month not ranked, or a
/// city not the reader's, is not found.
/// </summary>
public sealed class CircularModel(RankingQueries rankings) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    /// <summary>The administrator reads any city: which one.</summary>
    [BindProperty(SupportsGet = true)]
    public int? CityId { get; set; }

    public MonthlyRankingView? Ranking { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await TryAsync(async () => Ranking = await rankings.MonthWithinScopeAsync(Actor, Month, CityId, ct)))
        {
            return ModelState.IsValid ? Denied() : Page();
        }

        return Ranking is null ? NotFound() : Page();
    }
}
