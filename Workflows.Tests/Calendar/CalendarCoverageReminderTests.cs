using Governance.Engine.Calendar;
using Governance.Workflows.Administration;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.Calendar;

public sealed class CalendarCoverageReminderTests(TestDatabase database)
{
    [Fact]
    public async Task The_administrator_is_emailed_at_60_30_and_7_days_then_weekly_once_the_year_has_begun_without_it()
    {
        var h = new RuntimeHarness(database, Cst.At(2026, 10, 31, 8));
        var admin = $"admin-{Guid.NewGuid():N}@test.gov.cn";
        var reminder = new CalendarCoverageReminder(h.Runtime, Options.Create(new AdministrationOptions { Email = admin }));

        // The job runs every morning, on every node that wins Quartz's trigger; a node may run it twice.
        var daysLeft = new List<int?>();
        for (var day = new DateOnly(2026, 10, 31); day <= new DateOnly(2027, 1, 12); day = day.AddDays(1))
        {
            h.Clock.SetUtcNow(Cst.At(day.Year, day.Month, day.Day, 8).ToUniversalTime());
            daysLeft.Add((await reminder.RemindAsync(CancellationToken.None))?.DaysLeft);
            await reminder.RemindAsync(CancellationToken.None);
        }

        Assert.Equal([null, null, 60, 59], daysLeft.Take(4));
        await using var db = database.CreateContext();
        var sent = await db.Outbox.Where(o => o.RecipientEmail == admin).OrderBy(o => o.CreatedAt).ToListAsync();
        Assert.All(sent, r => Assert.Equal("calendar.year-missing", r.Template));
        Assert.Equal(
            [Cst.At(2026, 11, 2, 8), Cst.At(2026, 12, 2, 8), Cst.At(2026, 12, 25, 8), Cst.At(2027, 1, 1, 8), Cst.At(2027, 1, 4, 8), Cst.At(2027, 1, 11, 8)],
            sent.Select(r => r.CreatedAt));
    }

    [Fact]
    public async Task In_june_nothing_is_sent()
    {
        var h = new RuntimeHarness(database, new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        var admin = $"admin-{Guid.NewGuid():N}@test.gov.cn";

        var warning = await new CalendarCoverageReminder(h.Runtime, Options.Create(new AdministrationOptions { Email = admin })).RemindAsync(CancellationToken.None);

        Assert.Null(warning);
        await using var db = database.CreateContext();
        Assert.False(await db.Outbox.AnyAsync(o => o.RecipientEmail == admin));
    }
}
