using Governance.Workflows.ServiceHall;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>A hall of a test's own: weekday hours 09:00–12:00 and 13:00–17:00, three windows, a lead with a unique address.</summary>
public sealed record TestHall(Hall Hall, IReadOnlyList<ServiceWindow> Windows)
{
    public string LeadEmail => Hall.LeadEmail;

    public static async Task<TestHall> CreateAsync(TestDatabase database)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var hall = new Hall($"t-{tag}", $"测试服务中心 {tag}", "值班领导", $"lead-{tag}@test.gov.cn");
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            hall.OpeningHours.Add(new OpeningHours(day, new TimeOnly(9, 0), new TimeOnly(12, 0)));
            hall.OpeningHours.Add(new OpeningHours(day, new TimeOnly(13, 0), new TimeOnly(17, 0)));
        }

        db.Add(hall);
        await db.SaveChangesAsync();
        ServiceWindow[] windows = [new(hall.Id, "A01", "商品房合同备案"), new(hall.Id, "A02", "不动产登记"), new(hall.Id, "B01", "契税")];
        db.AddRange(windows);
        await db.SaveChangesAsync();
        return new TestHall(hall, windows);
    }

    /// <summary>A hall of a test's own whose 商品房合同备案 is served at windows A01 and A02, and 契税 at B01 only.</summary>
    public static async Task<(TestHall Hall, ServiceItem Contracts, ServiceItem DeedTax)> WithItemsAsync(TestDatabase database)
    {
        var hall = await CreateAsync(database);
        await using var db = database.CreateContext();
        var windows = await db.Set<ServiceWindow>().Where(w => w.HallId == hall.Hall.Id).OrderBy(w => w.Id).ToListAsync();
        var contracts = new ServiceItem(hall.Hall.Id, "SPFBA", "商品房合同备案");
        contracts.Windows.AddRange([windows[0], windows[1]]);
        var deedTax = new ServiceItem(hall.Hall.Id, "QS", "契税");
        deedTax.Windows.Add(windows[2]);
        db.AddRange(contracts, deedTax);
        await db.SaveChangesAsync();
        return (hall, contracts, deedTax);
    }
}
