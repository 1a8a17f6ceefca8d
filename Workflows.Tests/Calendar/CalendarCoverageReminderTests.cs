using Governance.Workflows.Calendar;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.Calendar;

public sealed class CalendarCoverageReminderTests(TestDatabase database)
{
    [Fact]
    public async Task In_november_the_administrator_is_emailed_about_the_missing_year_once_a_week()
    {
        var h = new RuntimeHarness(database, new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8)));
        var admin = $"admin-{Guid.NewGuid():N}@test.gov.cn";
        var reminder = new CalendarCoverageReminder(h.Runtime, Options.Create(new AdministrationOptions { Email = admin }));

        var first = await reminder.RemindAsync(CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromDays(1));
        await reminder.RemindAsync(CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromDays(7));
        await reminder.RemindAsync(CancellationToken.None);

        Assert.Equal(2027, first!.MissingYear);
        await using var db = database.CreateContext();
        var rows = await db.Outbox.Where(o => o.RecipientEmail == admin).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("calendar.year-missing", r.Template));
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
