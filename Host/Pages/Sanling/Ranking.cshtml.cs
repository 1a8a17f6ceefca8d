using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>The monthly ranking (月排名) as stored: the townships with a chart of their rates, and the places within the reader's reach.</summary>
public sealed class RankingModel(RankingQueries rankings) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    /// <summary>The administrator reads any city: which one.</summary>
    [BindProperty(SupportsGet = true)]
    public int? CityId { get; set; }

    public IReadOnlyList<RankingMonthSummary> Months { get; private set; } = [];

    public MonthlyRankingView? Ranking { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await TryAsync(async () =>
            {
                Months = await rankings.MonthsAsync(Actor, CityId, ct);
                Month ??= Months.FirstOrDefault()?.Month;
                Ranking = Month is null ? null : await rankings.MonthAsync(Actor, Month, CityId, ct);
            }) && ModelState.IsValid)
        {
            return Denied();
        }

        return Page();
    }
}
