using Governance.Workflows.ServiceHall;

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
}
