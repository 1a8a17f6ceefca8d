using Governance.Engine;
using Governance.Host.Pages.Sanling;
using Governance.Host.Pages.Shared;
using Governance.Workflows;
using Governance.Workflows.Lists;
using Governance.Workflows.PovertyMonitoring;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Poverty;

/// <summary>
/// 防返贫动态监测 at a glance: for the village team its households to verify and follow up, for the
/// township official the month's 应纳尽纳 figure and the warnings to decide and plan, for the
/// administrator every township's figure; for a citizen the households they reported themselves.
/// The list is the month's (预警月份) or all, by status tab, place, clock and words.
/// </summary>
public sealed class IndexModel(PovertyQueries queries, OrganisationQueries organisation, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    /// <summary><c>yyyy-MM</c>: the month raised; empty for every month.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public ListPage<WarningSummary> Warnings { get; private set; } = ListPaging.Empty<WarningSummary>();

    public IReadOnlyList<TownshipFigure>? Figures { get; private set; }

    public DateOnly FigureMonth { get; private set; }

    public ListFilters Filters { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool MayReport => ReportHouseholdHandler.Reporters.Contains(Actor.Role);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var month = default(DateOnly?);
        await TryAsync(() => Task.FromResult(month = Api.PovertyApi.Month(Month)));
        FigureMonth = month ?? queries.CurrentMonth();
        Filters = new ListFilters(Filter, "查找（预警编号、户主姓名、村名）")
        {
            Places = Actor.Role == Roles.Citizen ? null : await organisation.ReachableAsync(Actor, ct),
            Clock = true,
            Keep = [("month", Month)],
        };
        Warnings = await ListAsync(() => queries.PageAsync(Actor, Filter, month, ct));
        if (Actor.Role is Roles.TownshipOfficial or Roles.Admin)
        {
            Figures = await queries.FiguresAsync(Actor, FigureMonth, ct);
        }
    }
}
