using System.Globalization;
using Governance.Engine;
using Governance.Host.Pages.Shared;
using Governance.Workflows;
using Governance.Workflows.Lists;
using Governance.Engine.Calendar;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// The 事故 and 案件 registers of the reader's reach (the village team its place, the official their
/// township, the administrator any township) for a month, a tab per register, found by place and
/// words a page at a time; registering a line; and the places' 三零 that month as the registers
/// stand. The use cases check who, where and what.
/// </summary>
public sealed class RegistersModel(
    IncidentQueries incidents,
    ThreeZeroQueries threeZeros,
    RegisterAccidentHandler registerAccident,
    RegisterCaseHandler registerCase,
    OrganisationQueries organisation,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public int? TownshipId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public ListQuery Filter { get; set; } = new();

    /// <summary>Which form was posted: its errors are shown next to its fields, the other form stays clean.</summary>
    public IncidentKind? Posted { get; private set; }

    [BindProperty]
    public int PlaceId { get; set; }

    [BindProperty]
    public IncidentType? Type { get; set; }

    [BindProperty]
    public DateTime? OccurredAt { get; set; }

    [BindProperty]
    public AccidentSeverity? Severity { get; set; }

    [BindProperty]
    public int? Deaths { get; set; }

    [BindProperty]
    public int? Injuries { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    public IReadOnlyList<ReachablePlace> Places { get; private set; } = [];

    public ListPage<IncidentView> Incidents { get; private set; } = ListPaging.Empty<IncidentView>();

    public ListFilters Filters { get; private set; } = null!;

    public TownshipThreeZeros? ThreeZeros { get; private set; }

    /// <summary>Township officials and the administrator hand the township's month on as files (台账, registers).</summary>
    public bool MayExport => Actor.Role is Roles.TownshipOfficial or Roles.Admin;

    /// <summary>The townships the reader may choose between (one for all but the administrator).</summary>
    public IEnumerable<(int Id, string Name)> Townships => Places.Select(p => (p.TownshipId, p.Township)).Distinct();

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public Task<IActionResult> OnPostAccidentAsync(CancellationToken ct) => RegisterAsync(
        IncidentKind.Accident,
        () => registerAccident.HandleAsync(new RegisterAccident(PlaceId, Type, ChinaLocal(OccurredAt), Severity, Deaths, Injuries, Summary), Actor, ct),
        ct);

    public Task<IActionResult> OnPostCaseAsync(CancellationToken ct) => RegisterAsync(
        IncidentKind.Case,
        () => registerCase.HandleAsync(new RegisterCase(PlaceId, Type, ChinaLocal(OccurredAt), Summary), Actor, ct),
        ct);

    private async Task<IActionResult> RegisterAsync(IncidentKind kind, Func<Task<Incident>> register, CancellationToken ct)
    {
        Incident? line = null;
        if (await TryAsync(async () => line = await register()))
        {
            Done($"{kind.DisplayName()}已登记：{line!.Type.DisplayName()}");
            return RedirectToPage(new { townshipId = line.TownshipId, month = CalendarMonth.Of(line.OccurredAt).ToString() });
        }

        Posted = kind;
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        // The registers' reads refuse other roles too; asked first, the page is 无权访问, not an empty list.
        if (!IncidentRegister.Registrars.Contains(Actor.Role))
        {
            return Denied();
        }

        Places = await organisation.ReachableAsync(Actor, ct);
        TownshipId ??= Places.FirstOrDefault()?.TownshipId;
        Month ??= CalendarMonth.Of(clock.GetUtcNow()).ToString();
        Places = [.. Places.Where(p => p.TownshipId == TownshipId)];
        Filters = new ListFilters(Filter, "查找（简要经过或发生地）") { Places = Places, Keep = [("townshipId", TownshipId?.ToString(CultureInfo.InvariantCulture)), ("month", Month)] };
        Incidents = await ListAsync(() => incidents.PageAsync(Actor, TownshipId, Month, Filter, ct));
        // A refused month is said once, next to its field, by the registers' read.
        var read = ErrorFor("month") is not null || await TryAsync(async () => ThreeZeros = TownshipId is { } township ? await threeZeros.MonthAsync(Actor, township, Month, ct) : null);
        return read ? Page() : Denied();
    }
}
