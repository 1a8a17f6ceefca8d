using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Staff;

/// <summary>延时服务: register one for today (the hall lead is emailed), see today's, mark one served.</summary>
public sealed class ExtendedHoursModel(
    RegisterExtendedHoursHandler register,
    CloseExtendedHoursHandler closeHandler,
    ExtendedHoursQueries queries,
    CatalogueQueries catalogue,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty]
    public int WindowId { get; set; }

    [BindProperty]
    public string? Matter { get; set; }

    [BindProperty]
    public ApplicantKind ApplicantKind { get; set; } = ApplicantKind.Company;

    [BindProperty]
    public string? ApplicantName { get; set; }

    [BindProperty]
    public string? ApplicantPhone { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Today, China time; the use case refuses a time past closing plus the grace period.</summary>
    [BindProperty]
    public TimeOnly? ExpectedFinish { get; set; }

    [BindProperty]
    public Guid Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    public IReadOnlyList<WindowSummary> Windows { get; private set; } = [];

    public ExtendedHoursDay Today { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var finish = ExpectedFinish is { } time ? ChinaTime.At(today, time) : DateTimeOffset.MinValue;
        var command = new RegisterExtendedHours(WindowId, Matter ?? "", ApplicantKind, ApplicantName ?? "", Blank(ApplicantPhone), Reason ?? "", finish);
        if (ExpectedFinish is null)
        {
            ModelState.AddModelError("expectedFinish", "必填");
        }
        else if (await TryAsync(() => register.HandleAsync(command, Actor, ct)))
        {
            Done("延时服务已登记，已通知中心值班领导");
            return RedirectToPage();
        }

        return await RedisplayAsync(ct);
    }

    public async Task<IActionResult> OnPostServeAsync(CancellationToken ct)
    {
        if (await StepAsync(() => closeHandler.HandleAsync(new CloseExtendedHours(Id, Served: true, "已办结", Shown(Version)), Actor, ct)))
        {
            Done("延时服务已办结");
            return RedirectToPage();
        }

        return await RedisplayAsync(ct);
    }

    protected override async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await catalogue.WindowsAsync(Actor.HallId() ?? 0, ct);
        Windows = [.. all.Where(w => Actor.CanSee(w.OrgUnit))];
        if (WindowId == 0)
        {
            WindowId = Actor.WindowId() ?? Windows.FirstOrDefault()?.Id ?? 0;
        }

        Today = await queries.ListDayAsync(ChinaTime.DateOf(clock.GetUtcNow()), Actor, ct);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
