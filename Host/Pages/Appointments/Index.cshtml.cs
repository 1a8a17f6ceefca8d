using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>Sessions of the next two weeks with places left; weekend and holiday sessions (专场) marked.</summary>
public sealed class IndexModel(CatalogueQueries catalogue, AppointmentQueries queries, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public int? HallId { get; set; }

    public IReadOnlyList<HallSummary> Halls { get; private set; } = [];

    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>The chosen hall's weekly hours with its coming 专场, as the citizen reads them before choosing.</summary>
    public Shared.HallHours? Hours { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Halls = await catalogue.HallsAsync(ct);
        HallId ??= Halls.FirstOrDefault()?.Id;
        Now = clock.GetUtcNow();
        if (HallId is { } hallId)
        {
            var today = ChinaTime.DateOf(Now);
            Sessions = await queries.SessionsAsync(hallId, null, today, today.AddDays(14), ct);
            Hours = await catalogue.HallAsync(hallId, ct) is { } hall ? new Shared.HallHours(hall.Hours, Sessions) : null;
        }
    }

    /// <summary>周六/周日 for a weekend session, 节假日 for a special one on a weekday (a holiday).</summary>
    public static string SpecialBadge(SessionView session) =>
        session.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? session.Weekday.Replace("星期", "周", StringComparison.Ordinal) : "节假日";
}
