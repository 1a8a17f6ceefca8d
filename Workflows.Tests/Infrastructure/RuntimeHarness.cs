using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>The runtime wired by hand over the test database, with a frozen clock.</summary>
public sealed class RuntimeHarness
{
    /// <summary>Friday 20 November 2026, 10:00 in China: a working day.</summary>
    public static readonly DateTimeOffset FridayMorning = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    public RuntimeHarness(TestDatabase database, DateTimeOffset? start = null, params WorkflowDefinition[] extra)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        Clock = new FakeTimeProvider((start ?? FridayMorning).ToUniversalTime());
        Calendar = new WorkingCalendar(HolidayData.LoadEmbedded());
        Registry = new WorkflowRegistry([ExtendedHoursWorkflow.Definition, .. extra], Roles.Catalogue);
        Runtime = new WorkflowRuntime(new EngineContexts(database.Factory), Registry, Calendar, Clock);
        Pump = new TimerPump(new EngineContexts(database.Factory), Runtime, NullLogger<TimerPump>.Instance);
        Queue = new WorkQueue(new EngineContexts(database.Factory), Clock);
        Register = new RegisterExtendedHoursHandler(Runtime, Options.Create(new ExtendedHoursOptions()));
        Close = new CloseExtendedHoursHandler(Runtime);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public WorkingCalendar Calendar { get; }

    public WorkflowRegistry Registry { get; }

    public WorkflowRuntime Runtime { get; }

    public TimerPump Pump { get; }

    public WorkQueue Queue { get; }

    public RegisterExtendedHoursHandler Register { get; }

    public CloseExtendedHoursHandler Close { get; }

    public static Actor Staff(TestHall hall, int window = 0) =>
        new($"staff-{hall.Windows[window].Id}", "窗口人员", Roles.WindowStaff, hall.Windows[window].OrgUnit);

    public static Actor Lead(TestHall hall) => new($"lead-{hall.Hall.Id}", "值班领导", Roles.HallLead, $"hall/{hall.Hall.Id}");

    /// <summary>A valid registration at the hall's first window, finishing at 18:00 today (China time).</summary>
    public RegisterExtendedHours Registration(TestHall hall, string matter = "商品房合同备案") => new(
        hall.Windows[0].Id, matter, ApplicantKind.Company, "周口某置业有限公司", "13812345678", "20 份合同当日到期",
        ChinaTime.At(ChinaTime.DateOf(Clock.GetUtcNow()), new TimeOnly(18, 0)));

    /// <summary>Runs the pump until nothing due is left.</summary>
    public async Task<int> PumpAllAsync()
    {
        var total = 0;
        int fired;
        while ((fired = await Pump.FireDueAsync(500, CancellationToken.None)) > 0)
        {
            total += fired;
        }

        return total;
    }
}
