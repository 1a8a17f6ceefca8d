using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.Pages;

/// <summary>The browser tests' own database.</summary>
public sealed class PagesDatabase() : TestDatabase("pages");

/// <summary>
/// A hall of the test's own, set up like the demo: A01 商品房合同备案 and A02 不动产登记 and
/// B01 契税 each serve their item, and a Sunday deed-tax session (周日契税专场) two days after
/// the Friday morning the domain clock stands at.
/// </summary>
public sealed record PagesHall(TestHall Hall, ServiceItem Contracts, ServiceItem DeedTax, AppointmentSession Sunday)
{
    public static readonly DateOnly Friday = new(2026, 11, 20);

    public static DateTimeOffset FridayAt(int hour, int minute = 0) => ChinaTime.At(Friday, new TimeOnly(hour, minute));

    public static async Task<PagesHall> CreateAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var windows = await db.Set<ServiceWindow>().Where(w => w.HallId == hall.Hall.Id).OrderBy(w => w.Id).ToListAsync();
        var contracts = new ServiceItem(hall.Hall.Id, "SPFBA", "商品房合同备案");
        contracts.Windows.Add(windows[0]);
        var registration = new ServiceItem(hall.Hall.Id, "BDCDJ", "不动产登记");
        registration.Windows.Add(windows[1]);
        var deedTax = new ServiceItem(hall.Hall.Id, "QS", "契税");
        deedTax.Windows.Add(windows[2]);
        db.AddRange(contracts, registration, deedTax);
        await db.SaveChangesAsync();
        var sunday = new AppointmentSession(hall.Hall, deedTax.Id, "周日契税专场", Friday.AddDays(2), new TimeOnly(9, 0), new TimeOnly(12, 0), TimeSpan.FromMinutes(30), 10, isWorkingDay: false);
        db.Add(sunday);
        await db.SaveChangesAsync();
        return new PagesHall(hall, contracts, deedTax, sunday);
    }
}

/// <summary>The browser tests run one after another on one database: each starts a Host and a Chromium, and the machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<PagesDatabase>
{
    public const string Name = "browser";
}
