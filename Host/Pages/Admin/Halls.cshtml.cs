using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// A hall as the administrator keeps it: a weekday's hours set through <see cref="SetHallHoursHandler"/>,
/// windows and items added and items mapped to windows through <see cref="KeepCatalogueHandler"/>, an
/// item's 办事指南 written through <see cref="SetServiceGuideHandler"/>, and the coming sessions, a
/// session opened through <see cref="OpenAppointmentSessionHandler"/>.
/// </summary>
public sealed class HallsModel(
    CatalogueQueries catalogue,
    AppointmentQueries appointments,
    OpenAppointmentSessionHandler open,
    SetHallHoursHandler setHours,
    KeepCatalogueHandler keep,
    SetServiceGuideHandler setGuide,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    /// <summary>Interval rows the hours form offers: a morning, an afternoon, an evening.</summary>
    public const int IntervalRows = 3;

    public sealed class IntervalRow
    {
        public TimeOnly? Opens { get; set; }

        public TimeOnly? Closes { get; set; }
    }

    public sealed class HoursInput
    {
        public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

        public List<IntervalRow> Intervals { get; set; } = [];
    }

    public sealed class CatalogueInput
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public List<int> WindowIds { get; set; } = [];
    }

    [BindProperty]
    public HoursInput Hours { get; set; } = new();

    /// <summary>An item's 办事指南 as the form takes it: the materials one a line.</summary>
    public sealed class GuideInput
    {
        public string? Location { get; set; }

        public string? Materials { get; set; }

        public string? Notes { get; set; }

        public string? TimeLimit { get; set; }
    }

    [BindProperty]
    public CatalogueInput NewWindow { get; set; } = new();

    [BindProperty]
    public GuideInput Guide { get; set; } = new();

    [BindProperty]
    public CatalogueInput NewItem { get; set; } = new();

    [BindProperty]
    public List<int> WindowIds { get; set; } = [];

    /// <summary>Which form was sent (an item's mapping form as <c>map-{id}</c>): its field errors are shown next to its fields, not the others'.</summary>
    public string? Posted { get; private set; }

    /// <summary>A field's errors, if <paramref name="form"/> was the form sent.</summary>
    public string? Err(string form, string field) => Posted == form ? ErrorFor(field) : null;

    /// <summary>How far ahead the sessions are listed.</summary>
    private const int DaysShown = 28;

    public static IReadOnlyList<DayOfWeek> Week => Shared.HallHours.Week;

    [BindProperty(SupportsGet = true)]
    public int? HallId { get; set; }

    [BindProperty]
    public int ItemId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public DateOnly? Date { get; set; }

    [BindProperty]
    public TimeOnly? Opens { get; set; }

    [BindProperty]
    public TimeOnly? Closes { get; set; }

    [BindProperty]
    public int SlotMinutes { get; set; } = 30;

    [BindProperty]
    public int CapacityPerSlot { get; set; } = 10;

    public IReadOnlyList<HallSummary> Halls { get; private set; } = [];

    public HallDetails? Hall { get; private set; }

    public IReadOnlyList<WindowSummary> Windows { get; private set; } = [];

    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Posted = "session";
        var command = new OpenAppointmentSession(ItemId, Name ?? "", Date ?? default, Opens ?? default, Closes ?? default, SlotMinutes, CapacityPerSlot);
        AppointmentSession? session = null;

        // A value that did not bind (abc slot minutes) is refused, not replaced by the default and stored.
        if (ModelState.IsValid && await TryAsync(async () => session = await open.HandleAsync(command, Actor, ct)))
        {
            Done($"已开设预约场次：{session!.Name} {Shared.Show.Date(session.Date)}");
            return RedirectToPage(new { hallId = session.HallId });
        }

        return await ShowAsync(ct);
    }

    public Task<IActionResult> OnPostHoursAsync(CancellationToken ct) =>
        ChangeAsync("hours", async () =>
        {
            // Blank rows are left out; the rows sent come first again, so that intervals[i] is the i-th row shown.
            Hours.Intervals = [.. Hours.Intervals.Where(i => i.Opens is not null || i.Closes is not null)];
            await setHours.HandleAsync(new SetHallHours(HallId ?? 0, Hours.Day, [.. Hours.Intervals.Select(i => new HoursInterval(i.Opens, i.Closes))]), Actor, ct);
            Done($"{AppointmentQueries.WeekdayName(Hours.Day)}的办公时间已更新");
        }, ct);

    public Task<IActionResult> OnPostWindowAsync(CancellationToken ct) =>
        ChangeAsync("window", async () =>
        {
            var window = await keep.HandleAsync(new AddServiceWindow(HallId ?? 0, NewWindow.Code, NewWindow.Name), Actor, ct);
            Done($"已新增窗口：{window.Code} {window.Name}");
        }, ct);

    public Task<IActionResult> OnPostItemAsync(CancellationToken ct) =>
        ChangeAsync("item", async () =>
        {
            var item = await keep.HandleAsync(new AddServiceItem(HallId ?? 0, NewItem.Code, NewItem.Name, NewItem.WindowIds), Actor, ct);
            Done($"已新增事项：{item.Name}");
        }, ct);

    public Task<IActionResult> OnPostMapAsync(int itemId, CancellationToken ct) =>
        ChangeAsync($"map-{itemId}", async () =>
        {
            var item = await keep.HandleAsync(new MapItemWindows(itemId, WindowIds), Actor, ct);
            Done($"{item.Name}的受理窗口已更新");
        }, ct);

    public Task<IActionResult> OnPostGuideAsync(int itemId, CancellationToken ct) =>
        ChangeAsync($"guide-{itemId}", async () =>
        {
            var item = await setGuide.HandleAsync(new SetServiceGuide(itemId, Guide.Location, Lines(Guide.Materials), Guide.Notes, Guide.TimeLimit), Actor, ct);
            new Validation().Check(item is not null, "itemId", "事项不存在").ThrowIfInvalid();
            Done($"{item!.Name}的办事指南已更新");
        }, ct);

    /// <summary>The lines of a text box with something on them, in order: <c>materials[i]</c> is the i-th of them.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>Runs one form's use case: done, back to the hall; refused, the form again with its errors.</summary>
    private async Task<IActionResult> ChangeAsync(string form, Func<Task> change, CancellationToken ct)
    {
        Posted = form;
        if (ModelState.IsValid && await TryAsync(change))
        {
            return RedirectToPage(new { hallId = HallId });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        while (Hours.Intervals.Count < IntervalRows)
        {
            Hours.Intervals.Add(new IntervalRow());
        }

        Halls = await catalogue.HallsAsync(ct);
        HallId ??= Halls.FirstOrDefault()?.Id;
        if (HallId is { } hallId && await catalogue.HallAsync(hallId, ct) is { } hall)
        {
            Hall = hall;
            Windows = await catalogue.WindowsAsync(hallId, ct);
            var today = ChinaTime.DateOf(clock.GetUtcNow());
            Sessions = await appointments.SessionsAsync(hallId, null, today, today.AddDays(DaysShown), ct);
        }

        return Page();
    }
}
