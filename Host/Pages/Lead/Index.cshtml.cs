using System.Globalization;
using Governance.Engine;
using Governance.Host.Auth;
using Governance.Host.Live;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Governance.Host.Pages.Lead;

/// <summary>
/// The hall lead's day at a glance (中心值班领导): each window's queue, what is near or past its
/// limit (临期/超期), the hall's figures of today or this month (运行数据), today's 延时服务,
/// home visits, this month's 好差评 and the bad ones' rectification, and who looked at full
/// phone or ID numbers.
/// </summary>
[OutputCache(PolicyName = LiveParts.Policy)]
public sealed class IndexModel(
    QueueQueries queue,
    OpenCaseQueries cases,
    ExtendedHoursQueries extendedHours,
    HomeVisitQueries homeVisits,
    RatingQueries ratings,
    RevealQueries reveals,
    HallFiguresQueries figures,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    /// <summary>What the lead watches the limits of; queue tickets and bookings have their own screens.</summary>
    private static readonly string[] Watched = [ExtendedHoursWorkflow.Name, HomeVisitWorkflow.Name, RectificationWorkflow.Name];

    public int HallId => Actor.HallId() ?? 0;

    public IReadOnlyList<WindowQueueView> Windows { get; private set; } = [];

    public IReadOnlyList<OpenCase> Cases { get; private set; } = [];

    public ExtendedHoursDay ExtendedHours { get; private set; } = null!;

    public HomeVisitList HomeVisits { get; private set; } = null!;

    public MonthlyRatings? Ratings { get; private set; }

    public IReadOnlyList<RevealLine> Reveals { get; private set; } = [];

    /// <summary>Which figures the page shows: <c>today</c> (also when absent) or <c>month</c>, or another month (<see cref="FiguresPeriod"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    public HallFigures? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        Windows = await WindowsAsync(ct);
        Figures = await FiguresAsync(ct);
        Cases = await cases.InScopeAsync(Actor, Watched, 50, ct);
        ExtendedHours = await extendedHours.ListDayAsync(today, Actor, ct);
        HomeVisits = await homeVisits.ListAsync(Actor, null, 20, ct);
        Ratings = await ratings.MonthlyAsync(Actor.HallId() ?? 0, today.ToString("yyyy-MM", CultureInfo.InvariantCulture), Actor, ct);
        Reveals = await reveals.RecentAsync(Actor, 20, ct);
    }

    /// <summary>What the windows table watches: the hall's tickets.</summary>
    public string LiveTopics => new LiveTopic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(Actor.HallId() ?? 0)).ToString();

    /// <summary>The windows table alone, for the page to refresh when a ticket of the hall moves.</summary>
    public async Task<IActionResult> OnGetWindowsAsync(CancellationToken ct) => LivePart("_Windows", await WindowsAsync(ct));

    /// <summary>The figures' tables alone, for the page's live refresh: kept, as the windows table, for the other pages of the same hall's lead.</summary>
    public async Task<IActionResult> OnGetFiguresAsync(CancellationToken ct) => LivePart("_Figures", await FiguresAsync(ct));

    /// <summary>A period typed by hand that is none of the switch's is said under it, and today shown.</summary>
    private Task<HallFigures?> FiguresAsync(CancellationToken ct)
    {
        if (!FiguresPeriod.TryParse(Period, ChinaTime.DateOf(clock.GetUtcNow()), out _))
        {
            ModelState.AddModelError("period", FiguresPeriod.FormatHint);
            Period = null;
        }

        return figures.FiguresAsync(HallId, Period, Actor, ct);
    }

    private Task<IReadOnlyList<WindowQueueView>> WindowsAsync(CancellationToken ct) => queue.HallWindowsAsync(Actor.HallId() ?? 0, Actor, ct);

    public static string Link(OpenCase c) => c.Workflow switch
    {
        HomeVisitWorkflow.Name => $"/staff/home-visits/{c.Id}",
        RectificationWorkflow.Name => $"/lead/rectifications/{c.Id}",
        _ => "/staff/extended-hours",
    };
}
