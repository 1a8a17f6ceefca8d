using System.Globalization;
using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.SafetyCampaign;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// The monthly ranking (月排名) as stored: any ranked month picked (the latest by default), the
/// townships with a chart of their rates, the places within the reader's reach, and one township's
/// or place's trend over the months. The administrator picks the city by name and may rank a month
/// now (立即排名) through <see cref="ComputeMonthlyRanking"/>: a month ranked already stays as it was.
/// </summary>
public sealed class RankingModel(
    RankingQueries rankings,
    OrganisationQueries organisation,
    ComputeMonthlyRanking compute,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    /// <summary>The administrator reads any city: which one (chosen by name).</summary>
    [BindProperty(SupportsGet = true)]
    public int? CityId { get; set; }

    /// <summary>Whose trend: a township's org unit (<c>township/3</c>) or a place's (<c>township/3/place/12</c>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Trend { get; set; }

    /// <summary>The month 立即排名 ranks (yyyy-MM).</summary>
    [BindProperty]
    public string? RankMonth { get; set; }

    public IReadOnlyList<CityView> Cities { get; private set; } = [];

    public IReadOnlyList<RankingMonthSummary> Months { get; private set; } = [];

    public MonthlyRankingView? Ranking { get; private set; }

    public RankingTrend? TrendLine { get; private set; }

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    /// <summary>The months 立即排名 offers, newest first: the last two years' that are over (a picker, not the browser's month field, which writes English).</summary>
    public IReadOnlyList<string> MonthsOver => [.. Enumerable.Range(1, 24).Select(i => CalendarMonth.Of(CalendarMonth.Of(clock.GetUtcNow()).First.AddMonths(-i)).ToString())];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await TryAsync(() => ShowAsync(ct)) && ModelState.IsValid)
        {
            return Denied();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRankAsync(CancellationToken ct)
    {
        RankingComputed? done = null;
        if (await TryAsync(async () =>
            {
                new Validation().Check(CalendarMonth.TryParse(RankMonth, out var month), "rankMonth", CalendarMonth.FormatHint).ThrowIfInvalid();
                Roles.RequireAdmin(Actor, "只有管理员可以立即排名");
                done = await compute.RunCityAsync(month, CityId ?? 0, Actor, ct);
            }))
        {
            Done(done!.Computed
                ? string.Create(CultureInfo.InvariantCulture, $"已生成{done.City} {done.Month} 月排名（{done.Townships} 个镇、{done.Places} 个村（社区）、单位），月通报已发给各镇级领导")
                : $"{done.City} {done.Month} 月排名已于 {Shared.Show.DateTime(done.ComputedAt)} 生成，原样保留：未重算，也未重发通报");
            return RedirectToPage(new { month = done.Month, cityId = done.CityId });
        }

        if (Problems.Count > 0 && ModelState.IsValid)
        {
            return Denied();
        }

        await TryAsync(() => ShowAsync(ct));
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        if (IsAdmin)
        {
            Cities = await organisation.CitiesAsync(ct);
            CityId ??= Cities.FirstOrDefault()?.Id;
        }

        Months = await rankings.MonthsAsync(Actor, CityId, ct);
        Month ??= Months.FirstOrDefault()?.Month;
        Ranking = Month is null ? null : await rankings.MonthAsync(Actor, Month, CityId, ct);
        if (Ranking is null)
        {
            return;
        }

        Trend ??= DefaultTrend(Ranking);
        if (Trend is not null && Parse(Trend) is ({ } townshipId, var placeId))
        {
            TrendLine = await rankings.TrendAsync(Actor, CityId, townshipId, placeId, ct);
        }
    }

    /// <summary>Whose trend the page starts at: the reader's own place or township, else the first township ranked.</summary>
    private string? DefaultTrend(MonthlyRankingView ranking)
    {
        var scope = SafetyScope.Of(Actor);
        return scope switch
        {
            { TownshipId: { } t, PlaceId: { } p } => Place.OrgUnitOf(t, p),
            { TownshipId: { } t } => Township.OrgUnitOf(t),
            _ => ranking.Townships.FirstOrDefault() is { } first ? Township.OrgUnitOf(first.Id) : null,
        };
    }

    private static (int? TownshipId, int? PlaceId) Parse(string unit) => unit.Split('/') switch
    {
        ["township", var t] when int.TryParse(t, CultureInfo.InvariantCulture, out var tid) => (tid, null),
        ["township", var t, "place", var p] when int.TryParse(t, CultureInfo.InvariantCulture, out var tid) && int.TryParse(p, CultureInfo.InvariantCulture, out var pid) => (tid, pid),
        _ => (null, null),
    };
}
