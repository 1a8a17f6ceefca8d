using Governance.Workflows;
using Governance.Workflows.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>A hall as the administrator checks it: hours, windows, items and the coming sessions; a session opened through <see cref="OpenAppointmentSessionHandler"/>.</summary>
public sealed class HallsModel(
    CatalogueQueries catalogue,
    AppointmentQueries appointments,
    OpenAppointmentSessionHandler open,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    /// <summary>How far ahead the sessions are listed.</summary>
    private const int DaysShown = 28;

    public static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

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
        var command = new OpenAppointmentSession(ItemId, Name ?? "", Date ?? default, Opens ?? default, Closes ?? default, SlotMinutes, CapacityPerSlot);
        AppointmentSession? session = null;
        if (await TryAsync(async () => session = await open.HandleAsync(command, Actor, ct)))
        {
            Done($"已开设预约场次：{session!.Name} {Shared.Show.Date(session.Date)}");
            return RedirectToPage(new { hallId = session.HallId });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
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
